// Long-row variants of softmax and the cross-entropy losses: one workgroup per row.
//
// The table's softmax_fwd / softmax_bwd / loss_bwd give each row to one invocation, which suits
// rows of a few classes but leaves a [T, V] language-model output of T·N rows with V = 10k
// logits on a handful of threads, each looping over V three times. Here 256 lanes stride over
// a row and the max and sums are workgroup tree reductions (common.ts), so a row costs
// V/256 loads a lane and log2(256) barriers. Chosen by select.ts for rows of LONG_ROW values
// or more on hardware adapters (on lavapipe emulated barriers make them 3-5x slower than a
// row per invocation, so software adapters keep those); the other kinds of loss (elementwise, distillation) keep the table's kernels.
// loss_fwd stays one workgroup (it writes one number with no second pass or atomics), its lanes
// now taking each row together instead of a row each.
// Reductions run in a different order from the CPU's sequential loops: within TOL.sum.
// Not measured on a real GPU (none here): docs/webgpu.md.

import { type WgslKernelDef } from '../kernel';
import { IGNORE_INDEX, LOSS } from '../../../kernels/codes';
import { WG_MAX, WG_SUM } from './common';

/** Rows at least this long take the workgroup-per-row kernels. */
export const LONG_ROW = 256;

type RowKernel = 'softmax_fwd' | 'softmax_bwd' | 'loss_fwd' | 'loss_bwd';

const SOFTMAX_PARAMS = [
  { name: 'd', type: 'u32' },
  { name: 'len', type: 'u32' },
] as const;

const LOSS_PARAMS = [
  { name: 'kind', type: 'u32' },
  { name: 'd', type: 'u32' },
  { name: 'smoothing', type: 'f32', def: 0 },
  { name: 'rows', type: 'u32', def: 1 },
] as const;

/** Log-sum-exp of out[o .. o + D) by the whole workgroup (uniform control flow). */
const ROW_LSE = /* wgsl */ `
fn row_lse_wg(o: u32, D: u32, lid: u32) -> f32 {
  var m = -3.4028234e38f;
  for (var i = lid; i < D; i += WG) { m = max(m, out[o + i]); }
  let mx = wg_max(m, lid);
  var s = 0.0;
  for (var i = lid; i < D; i += WG) { s += exp(out[o + i] - mx); }
  return mx + log(wg_sum(s, lid));
}
fn class_weight(i: u32, t: u32, D: u32, eps: f32) -> f32 {
  return select(0.0, 1.0 - eps, i == t) + eps / f32(D);
}
fn ignored(t: f32) -> bool { return t == ${IGNORE_INDEX}.0; }
`;

export const ROW_KERNELS: { readonly [K in RowKernel]: WgslKernelDef<K> } = {
  softmax_fwd: {
    writes: ['y'],
    params: SOFTMAX_PARAMS,
    helpers: WG_SUM + WG_MAX,
    wg: 256,
    body: `
  let r = group;
  if (r >= (u.len / u.d) * rt.n) { return; }
  let o = r * u.d;
  var m = -3.4028234e38f;
  for (var i = lid; i < u.d; i += WG) { m = max(m, x[o + i]); }
  let mx = wg_max(m, lid);
  var s = 0.0;
  for (var i = lid; i < u.d; i += WG) { let e = exp(x[o + i] - mx); y[o + i] = e; s += e; }
  let sum = wg_sum(s, lid);
  for (var i = lid; i < u.d; i += WG) { y[o + i] = y[o + i] / sum; }`,
    groups: (p, rt) => (p.len / p.d) * rt.n,
  },
  softmax_bwd: {
    writes: ['dx'],
    params: SOFTMAX_PARAMS,
    helpers: WG_SUM,
    wg: 256,
    body: `
  let r = group;
  if (r >= (u.len / u.d) * rt.n) { return; }
  let o = r * u.d;
  var s = 0.0;
  for (var i = lid; i < u.d; i += WG) { s += dy[o + i] * y[o + i]; }
  let sum = wg_sum(s, lid);
  for (var i = lid; i < u.d; i += WG) { dx[o + i] = y[o + i] * (dy[o + i] - sum); }`,
    groups: (p, rt) => (p.len / p.d) * rt.n,
  },
  loss_fwd: {
    writes: ['lossLog'],
    params: LOSS_PARAMS,
    helpers: WG_SUM + WG_MAX + ROW_LSE,
    wg: 256,
    body: `
  if (group > 0u) { return; }
  let R = rt.n * max(1u, u.rows);
  var s = 0.0;
  var c = 0.0;
  for (var r = 0u; r < R; r++) {
    // No branch on the target around the reductions: its binding may be read_write, whose
    // loads the uniformity analysis treats as varying per lane.
    let w = select(1.0, 0.0, ignored(target[r]));
    c += w;
    let o = r * u.d;
    let lse = row_lse_wg(o, u.d, lid);
    let t = u32(max(target[r], 0.0));
    for (var i = lid; i < u.d; i += WG) {
      let q = class_weight(i, t, u.d, u.smoothing) * w;
      if (q != 0.0) { s -= q * (out[o + i] - lse); }
    }
  }
  s = wg_sum(s, lid);
  if (lid == 0u) { lossLog[rt.loss_slot] = select(0.0, s / c, c > 0.0); }`,
    groups: () => 1,
  },
  loss_bwd: {
    writes: ['dout'],
    params: LOSS_PARAMS,
    helpers: WG_SUM + WG_MAX + ROW_LSE,
    wg: 256,
    body: `
  let R = rt.n * max(1u, u.rows);
  let r = group;
  if (r >= R) { return; }
  var cnt = 0.0;
  for (var k = lid; k < R; k += WG) { cnt += select(1.0, 0.0, ignored(target[k])); }
  let c = wg_sum(cnt, lid);
  let o = r * u.d;
  let lse = row_lse_wg(o, u.d, lid);
  let skip = ignored(target[r]);
  let t = u32(max(target[r], 0.0));
  for (var i = lid; i < u.d; i += WG) {
    let g = (exp(out[o + i] - lse) - class_weight(i, t, u.d, u.smoothing)) / c;
    dout[o + i] = select(g, 0.0, skip);
  }`,
    groups: (p, rt) => rt.n * Math.max(1, p.rows ?? 1),
  },
};

/** Whether a call of one of these kernels has rows long enough for the workgroup-per-row kernel
 *  (cross-entropy only, for the losses). */
export function longRows(kernel: RowKernel, p: { d?: number; kind?: number }): boolean {
  if ((kernel === 'loss_fwd' || kernel === 'loss_bwd') && p.kind !== LOSS.cross_entropy) return false;
  return (p.d ?? 0) >= LONG_ROW;
}

export const isRowKernel = (k: string): k is RowKernel => Object.hasOwn(ROW_KERNELS, k);
