// Conformance cases of the sequence kernels (embedding, positional table, attention), one line
// each; op-cases.ts adds them to its table. Token ids are drawn as integers, some out of range
// (the kernels clamp them) and, for the padding mask, one sample all padding (a row of zeros).

import type { KernelName, ParamsOf } from '../../src/engine/kernels/contract';
import type { Rng } from '../../src/engine/rng';
import type { OpCase, Tol } from './op-cases';

type Add = <K extends KernelName>(
  kernel: K,
  name: string,
  sizes: number[],
  p: ParamsOf<NoInfer<K>>,
  tol: Tol,
  prep?: OpCase['prep'],
) => void;

/** Integer ids in lo..hi-1 into argument `arg`; sample `blank` (if any) all padding. */
const ids =
  (arg: number, lo: number, hi: number, t = 0, blank = -1) =>
  (a: Float32Array[], rng: Rng): void => {
    const x = a[arg]!;
    for (let i = 0; i < x.length; i++) x[i] = lo + rng.int(hi - lo);
    if (blank >= 0) x.fill(0, blank * t, (blank + 1) * t);
  };

export function sequenceCases(add: Add, tol: { sum: Tol; exact: Tol; elementwise: Tol }, maxn: number): void {
  const [T, V, E] = [5, 7, 3];
  add(
    'embed_fwd',
    `t ${T} d ${E} v ${V}, ids out of range clamped`,
    [maxn * T, V * E, maxn * T * E],
    { t: T, d: E, v: V },
    tol.exact,
    ids(0, -2, V + 3),
  );
  for (const pad of [-1, 0, 3])
    add(
      'embed_bwd',
      `t ${T} d ${E} v ${V} pad ${pad}`,
      [maxn * T, maxn * T * E, V * E],
      { t: T, d: E, v: V, pad },
      tol.sum,
      ids(0, -1, V + 1),
    );
  add('pos_grad', 'len 12 total 20 (a table longer than T)', [maxn * 12, 20], { len: 12, total: 20 }, tol.sum);
  add('pos_grad', 'len 12 total 12', [maxn * 12, 12], { len: 12, total: 12 }, tol.sum);

  for (const [t, d, h] of [
    [5, 6, 2],
    [4, 4, 1],
    [3, 8, 4],
    [9, 20, 2], // past one 4x8 GEMM tile each way, with edges (the wasm kernels' GEMM)
  ] as const) {
    const p = { t, d, h, scale: 1 / Math.sqrt(d / h) };
    const [qkv, pr, y] = [maxn * t * 3 * d, maxn * h * t * t, maxn * t * d];
    const geo = `t ${t} d ${d} h ${h}`;
    for (const [causal, masked] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      const what = `${geo}${causal ? ' causal' : ''}${masked ? ' padding mask (one sample all padding)' : ''}`;
      const prep = masked ? ids(1, 0, 3, t, 1) : undefined;
      add('attn_scores_fwd', what, [qkv, maxn * t, pr], { ...p, causal, masked }, tol.sum, prep);
    }
    // cls_token's prepended key: ids [t - 1] give keys 1.., key 0 is never padding.
    add(
      'attn_scores_fwd',
      `${geo} padding mask shift 1 (cls_token)`,
      [qkv, maxn * (t - 1), pr],
      { ...p, masked: 1, shift: 1 },
      tol.sum,
      ids(1, 0, 3, t - 1, 1),
    );
    add('attn_scores_bwd', geo, [qkv, pr, qkv], p, tol.sum);
    add('attn_apply_fwd', geo, [pr, qkv, y], { t, d, h }, tol.sum);
    add('attn_apply_bwd_p', geo, [y, qkv, pr], { t, d, h }, tol.sum);
    add('attn_apply_bwd_v', geo, [pr, y, qkv], { t, d, h }, tol.sum);
  }
}
