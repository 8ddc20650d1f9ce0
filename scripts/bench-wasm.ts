// GEMM and convolution throughput of the WebAssembly backend against the CPU reference:
// GFLOP/s for 512^3 and the benchmark models' shapes, 1 thread and all threads, each result
// checked against the reference first. Prints a table (docs/cpu-backend.md records one).
//   npx tsx scripts/bench-wasm.ts [--threads N]
// Under Node 24 (relaxed SIMD): .vscode-test/node24/node_modules/node/bin/node --import tsx scripts/bench-wasm.ts

import { availableParallelism } from 'node:os';
import type { Backend, KernelCall } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/backends/cpu';
import { createWasmBackend, WasmBackend } from '../src/engine/backends/wasm';
import type { KernelParams } from '../src/engine/backend';
import { buildWasm } from './build-wasm.mjs';

interface Shape {
  readonly name: string;
  readonly kernel: 'gemm' | 'conv2d_fwd';
  readonly sizes: readonly number[];
  readonly p: KernelParams;
  readonly n: number;
  readonly flops: number;
}

const gemm = (name: string, m: number, n: number, k: number, t: { ta?: 1; tb?: 1 } = {}): Shape => ({
  name: `${name} ${m}x${n}x${k}`,
  kernel: 'gemm',
  sizes: [m * k, k * n, m * n],
  p: { m, n, k, ...t },
  n: 1,
  flops: 2 * m * n * k,
});
const conv = (name: string, c: number, hw: number, o: number, n: number): Shape => {
  const g = { c, h: hw, w: hw, o, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, oh: hw, ow: hw };
  return { name, kernel: 'conv2d_fwd', sizes: [n * c * hw * hw, o * c * 9, n * o * hw * hw], p: g, n, flops: 2 * n * o * hw * hw * c * 9 };
};

const SHAPES: Shape[] = [
  gemm('square', 512, 512, 512),
  gemm('MLP fc1 fwd', 64, 512, 784),
  gemm('MLP fc1 dX (NT)', 64, 784, 512, { tb: 1 }),
  gemm('MLP fc1 dW (TN)', 784, 512, 64, { ta: 1 }),
  gemm('MLP fc2 fwd', 64, 256, 512),
  conv('CNN conv1 fwd 3->32 @32x32, n 64', 3, 32, 32, 64),
  conv('CNN conv2 fwd 32->64 @16x16, n 64', 32, 16, 64, 64),
];

function setUp(be: Backend, s: Shape): { call: KernelCall; out: number } {
  let seed = 1;
  const hs = s.sizes.map((len) => {
    const h = be.alloc(len);
    be.write(
      h,
      Float32Array.from({ length: len }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1),
    );
    return h;
  });
  const call = { kernel: s.kernel, args: hs.map((h, i) => ({ buffer: h, offset: 0, size: s.sizes[i]! })), p: s.p } as unknown as KernelCall;
  return { call, out: hs[2]! };
}

/** GFLOP/s by the wall clock, and per second of this process's CPU time (all its threads): the
 *  second is what a busy shared machine still measures fairly. */
async function measure(be: Backend, s: Shape): Promise<{ gflops: number; perCpu: number; out: Float32Array }> {
  const { call, out } = setUp(be, s);
  const prog = be.compile([call]);
  const rt = { n: s.n, step: 1, lr: 0, seed: 0, lossSlot: 0 };
  prog.run(rt);
  let reps = 1,
    t = 0,
    cpu = 0;
  for (;;) {
    const t0 = performance.now(),
      c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) prog.run(rt);
    t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu = (c.user + c.system) / 1000;
    if (t > 300) break;
    reps *= 2;
  }
  return { gflops: (s.flops * reps) / (t * 1e6), perCpu: (s.flops * reps) / (cpu * 1e6), out: await be.read(out) };
}

function maxRelErr(a: Float32Array, b: Float32Array): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(a[i]!)));
  return e;
}

async function main(): Promise<void> {
  await buildWasm({ log: () => {} });
  const at = process.argv.indexOf('--threads');
  const all = at > 0 ? Number(process.argv[at + 1]) : availableParallelism();
  const counts = all > 1 ? [1, all] : [1];
  const backends: WasmBackend[] = [];
  for (const threads of counts) {
    const made = await createWasmBackend({ threads });
    if (!(made.backend instanceof WasmBackend)) throw new Error(made.note ?? 'no wasm backend');
    backends.push(made.backend);
  }
  console.log(`node ${process.version}; ${backends.map((b) => b.label).join(' / ')}`);
  console.log('GFLOP/s by the wall clock (per CPU-second in brackets)');
  console.log(['shape', 'reference', ...counts.map((t) => `wasm ${t}T`), 'max rel err'].join(' | '));
  for (const s of SHAPES) {
    const ref = await measure(new CpuBackend(), s);
    const cells = [s.name, `${ref.gflops.toFixed(2)} (${ref.perCpu.toFixed(2)})`];
    let err = 0;
    for (const be of backends) {
      const r = await measure(be, s);
      err = Math.max(err, maxRelErr(ref.out, r.out));
      cells.push(`${r.gflops.toFixed(1)} (${r.perCpu.toFixed(1)})`);
    }
    console.log([...cells, err.toExponential(1)].join(' | '));
  }
  for (const be of backends) be.dispose();
}

void main();
