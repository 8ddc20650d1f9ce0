// `tsx bench/webgpu-fused.ts [--t=128] [--reps=3]`: this backend's own kernels against the
// table's on whatever adapter Dawn finds: attention forward + backward of one layer, fused
// (kernels/flash.ts) and unfused (attention.ts, writing p [n, h, t, t]), and softmax / the
// cross-entropy gradient over long rows, one workgroup per row (kernels/rows.ts) and one
// invocation per row. Milliseconds per run, median of reps; on a software adapter only the
// ratios mean anything, and those are not a GPU's (docs/webgpu.md).

import type { BufferRef, KernelCall, KernelParams } from '../src/engine/backend';
import { WebGpuBackend } from '../src/engine/backends/webgpu';
import { requestNodeDevice } from '../src/engine/backends/webgpu/node-device';
import { LOSS } from '../src/engine/kernels/codes';

const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const T = arg('t', 128),
  REPS = arg('reps', 3),
  N = 4,
  D = 64,
  H = 4,
  V = 4096;

const call = (kernel: string, args: BufferRef[], p: KernelParams) => ({ kernel, args, p }) as unknown as KernelCall;

function buffers(gpu: WebGpuBackend, sizes: Record<string, number>): Record<string, BufferRef> {
  return Object.fromEntries(
    Object.entries(sizes).map(([k, n]) => {
      const h = gpu.alloc(n);
      gpu.write(
        h,
        Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)),
      );
      return [k, { buffer: h, offset: 0, size: n }];
    }),
  );
}

/** Median milliseconds of one run of the calls (compiled once, first run not timed). */
async function time(gpu: WebGpuBackend, calls: KernelCall[], read: BufferRef): Promise<number> {
  const prog = gpu.compile(calls);
  const rt = { n: N, step: 1, lr: 0, seed: 1, lossSlot: 0 };
  prog.run(rt);
  await gpu.read(read.buffer, 0, 1);
  const ms: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    prog.run(rt);
    await gpu.read(read.buffer, 0, 1);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[REPS >> 1]!;
}

async function attention(gpu: WebGpuBackend, fused: boolean): Promise<number> {
  gpu.kernels = { ...gpu.kernels, attention: fused ? 'on' : 'off' };
  const P = N * H * T * T,
    Q = N * T * 3 * D;
  const b = buffers(gpu, { qkv: Q, p: P, y: N * T * D, dy: N * T * D, dp: P, ds: P, dqk: Q, dv: Q });
  const geo = { t: T, d: D, h: H },
    sp = { ...geo, scale: 1 / Math.sqrt(D / H), causal: 1 };
  const fwd = [call('attn_scores_fwd', [b.qkv!, b.qkv!, b.p!], sp), call('attn_apply_fwd', [b.p!, b.qkv!, b.y!], geo)];
  const bwd = [
    call('attn_apply_bwd_p', [b.dy!, b.qkv!, b.dp!], geo),
    call('attn_apply_bwd_v', [b.p!, b.dy!, b.dv!], geo),
    call('softmax_bwd', [b.p!, b.dp!, b.ds!], { d: T, len: H * T * T }),
    call('attn_scores_bwd', [b.qkv!, b.ds!, b.dqk!], { ...geo, scale: sp.scale }),
  ];
  // Forward first, alone, so the backward program finds its fused p.
  gpu.compile(fwd);
  return time(gpu, [...fwd, ...bwd], b.dqk!);
}

async function rows(gpu: WebGpuBackend, on: boolean, kernel: 'softmax_fwd' | 'loss_bwd'): Promise<number> {
  gpu.kernels = { ...gpu.kernels, rows: on ? 'on' : 'off' };
  const R = 16;
  const b = buffers(gpu, { x: N * R * V, t: N * R, y: N * R * V });
  for (let i = 0; i < N * R; i++) gpu.write(b.t!.buffer, new Float32Array([i % V]), i);
  const c =
    kernel === 'softmax_fwd'
      ? call('softmax_fwd', [b.x!, b.y!], { d: V, len: R * V })
      : call('loss_bwd', [b.x!, b.t!, b.y!], { kind: LOSS.cross_entropy, d: V, rows: R });
  return time(gpu, [c], b.y!);
}

async function main(): Promise<void> {
  const got = await requestNodeDevice();
  if ('error' in got) throw new Error(got.error);
  console.log(`Dawn adapter: ${got.info.vendor} ${got.info.architecture} ${got.info.description}`);
  const gpu = new WebGpuBackend(got.device);
  const out: [string, number, number][] = [];
  out.push([`attention fwd+bwd n ${N} t ${T} d ${D} h ${H} causal`, await attention(gpu, false), await attention(gpu, true)]);
  out.push([`softmax_fwd ${N * 16} rows of ${V}`, await rows(gpu, false, 'softmax_fwd'), await rows(gpu, true, 'softmax_fwd')]);
  out.push([`loss_bwd (cross-entropy) ${N * 16} rows of ${V}`, await rows(gpu, false, 'loss_bwd'), await rows(gpu, true, 'loss_bwd')]);
  await gpu.ready();
  console.log('kernel | table kernels ms | own kernels ms | speed-up');
  for (const [name, a, b] of out) console.log(`${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(2)}x`);
  gpu.dispose();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
