// Fused attention (webgpu kernels/flash.ts, put in place by fuse-attention.ts) against the
// unfused calls on the CPU backend: the forward pattern attn_scores_fwd + attn_apply_fwd gives
// y, the backward pattern (attn_apply_bwd_p, attn_apply_bwd_v, softmax_bwd, attn_scores_bwd)
// gives the scores' and the apply's gradients of qkv, for causal, padding (with a prepended
// token, and a sample all padding) and unmasked attention, head widths 1 to 64, with the
// scores' gradient placed over p as the plan places it. The fused path is forced (lavapipe is a
// software adapter); that it was taken is checked by p holding no probabilities afterwards.

import { strict as assert } from 'node:assert';
import type { Backend, BufferRef, KernelCall, KernelParams } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { Rng } from '../../src/engine/rng';
import { backendPerTest } from './dawn';

const MAXN = 4,
  N = 3;

interface Geo {
  name: string;
  t: number;
  d: number;
  h: number;
  causal?: number;
  masked?: number;
  shift?: number;
}
const CASES: Geo[] = [
  { name: 'causal t 13 d 8 h 2', t: 13, d: 8, h: 2, causal: 1 },
  { name: 'padding mask t 9 d 12 h 3 (sample 3 all padding)', t: 9, d: 12, h: 3, masked: 1 },
  { name: 'padding mask with a prepended token, causal, t 7 d 4 h 4 (head width 1)', t: 7, d: 4, h: 4, masked: 1, shift: 1, causal: 1 },
  { name: 'unmasked t 5 d 64 h 1 (head width 64)', t: 5, d: 64, h: 1 },
  { name: 'unmasked t 2 d 6 h 2', t: 2, d: 6, h: 2 },
];

type Tensors = Record<'qkv' | 'ids' | 'p' | 'y' | 'dy' | 'dp' | 'ds' | 'dv', Float32Array>;

function inputs(g: Geo): Tensors {
  const rng = new Rng(11);
  const r = (n: number, k = 1) => Float32Array.from({ length: n }, () => k * (2 * rng.uniform() - 1));
  const nt = g.t - (g.shift ?? 0);
  const ids = Float32Array.from({ length: MAXN * nt }, (_, i) => (Math.floor(i / nt) === 2 || rng.uniform() < 0.3 ? 0 : 1 + rng.int(5)));
  const P = MAXN * g.h * g.t * g.t;
  return {
    qkv: r(MAXN * g.t * 3 * g.d, 2),
    ids,
    p: new Float32Array(Math.max(P, MAXN * g.t * 3 * g.d)), // dqk lives here too (the plan's reuse)
    y: new Float32Array(MAXN * g.t * g.d),
    dy: r(MAXN * g.t * g.d),
    dp: new Float32Array(P),
    ds: new Float32Array(P),
    dv: new Float32Array(MAXN * g.t * 3 * g.d),
  };
}

/** Buffers on a backend, a ref per tensor (dqk: the start of p's buffer). */
function place(be: Backend, t: Tensors, g: Geo) {
  const refs = {} as Record<keyof Tensors, BufferRef>;
  for (const [k, v] of Object.entries(t) as [keyof Tensors, Float32Array][]) {
    const h = be.alloc(v.length);
    be.write(h, v);
    refs[k] = { buffer: h, offset: 0, size: k === 'p' ? MAXN * g.h * g.t * g.t : v.length };
  }
  const dqk: BufferRef = { buffer: refs.p.buffer, offset: 0, size: MAXN * g.t * 3 * g.d };
  return { ...refs, dqk };
}

function calls(g: Geo, r: ReturnType<typeof place>) {
  const geo = { t: g.t, d: g.d, h: g.h };
  const sp: KernelParams = { ...geo, scale: 1 / Math.sqrt(g.d / g.h), causal: g.causal ?? 0, masked: g.masked ?? 0, shift: g.shift ?? 0 };
  const c = (kernel: string, args: BufferRef[], p: KernelParams) => ({ kernel, args, p }) as unknown as KernelCall;
  const forward = [c('attn_scores_fwd', [r.qkv, g.masked ? r.ids : r.qkv, r.p], sp), c('attn_apply_fwd', [r.p, r.qkv, r.y], geo)];
  const backward = [
    c('attn_apply_bwd_p', [r.dy, r.qkv, r.dp], geo),
    c('attn_apply_bwd_v', [r.p, r.dy, r.dv], geo),
    c('softmax_bwd', [r.p, r.dp, r.ds], { d: g.t, len: g.h * g.t * g.t }),
    c('attn_scores_bwd', [r.qkv, r.ds, r.dqk], { ...geo, scale: sp.scale! }),
  ];
  return { forward, backward };
}

async function run(be: Backend, g: Geo, opts: { reorder?: boolean; keep?: boolean; offBackward?: boolean } = {}) {
  const r = place(be, inputs(g), g);
  const { forward, backward } = calls(g, r);
  const rt = { n: N, step: 1, lr: 0, seed: 1, lossSlot: 0 };
  (be as WebGpuBackend).compile(forward, opts.keep ? [r.p] : []).run(rt);
  const y = await be.read(r.y.buffer);
  const p = await be.read(r.p.buffer, 0, N * g.h * g.t * g.t);
  // Swapping the apply's two backward calls breaks the pattern: the unfused kernels then run.
  if (opts.reorder) [backward[0], backward[1]] = [backward[1]!, backward[0]!];
  if (opts.offBackward) (be as WebGpuBackend).kernels = { rows: 'auto', attention: 'off' };
  be.compile(backward).run(rt);
  const dqk = await be.read(r.dqk.buffer, 0, N * g.t * 3 * g.d);
  const dv = await be.read(r.dv.buffer, 0, N * g.t * 3 * g.d);
  return { y: y.subarray(0, N * g.t * g.d), p, dqk, dv };
}

function close(name: string, got: Float32Array, want: Float32Array, tol = 2e-5) {
  assert.equal(got.length, want.length, name);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!);
    assert.ok(err <= tol + 1e-4 * Math.abs(want[i]!), `${name}[${i}]: fused ${got[i]}, unfused (CPU) ${want[i]}`);
  }
}

describe('WebGPU fused attention (vs the unfused calls on the CPU backend)', function () {
  const t = backendPerTest((gpu) => (gpu.kernels = { ...gpu.kernels, attention: 'on' }));

  it('is off on a software adapter unless forced', () => {
    const plain = new WebGpuBackend(t.device);
    assert.equal(plain.hardware, false);
    assert.equal(plain.kernels.attention, 'auto');
    plain.dispose();
  });

  for (const g of CASES) {
    it(`${g.name}: y, dqk and dv`, async () => {
      const want = await run(new CpuBackend(), g);
      const got = await run(t.gpu, g);
      await t.gpu.ready();
      close('y', got.y, want.y);
      close('dqk', got.dqk, want.dqk);
      close('dv', got.dv, want.dv);
      assert.ok(
        got.p.some((v, i) => Math.abs(v - want.p[i]!) > 1e-3),
        'p holds the probabilities: the fused kernels did not run',
      );
    });
  }

  it('a backward that does not match re-runs the scores first (gradients still right)', async () => {
    const g = CASES[1]!;
    const want = await run(new CpuBackend(), g);
    const got = await run(t.gpu, g, { reorder: true });
    await t.gpu.ready();
    close('dqk', got.dqk, want.dqk);
    close('dv', got.dv, want.dv);
  });

  it('a backward compiled with fusion turned off after a fused forward re-runs the scores first', async () => {
    const g = CASES[0]!;
    const want = await run(new CpuBackend(), g);
    const got = await run(t.gpu, g, { offBackward: true });
    await t.gpu.ready();
    close('dqk', got.dqk, want.dqk);
    close('dv', got.dv, want.dv);
  });

  it('leaves a kept p (an observed output) written as the calls say', async () => {
    const g = CASES[0]!;
    const want = await run(new CpuBackend(), g);
    const got = await run(t.gpu, g, { keep: true });
    close('p', got.p, want.p);
    close('dqk', got.dqk, want.dqk);
  });
});
