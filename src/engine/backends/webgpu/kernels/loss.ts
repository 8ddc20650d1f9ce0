// Softmax and the losses (mean reductions, PyTorch's reduction='mean').
//
// Approach: softmax forward/backward, one invocation per row: rows are short in these models
// (classes), and a row-per-thread loop matches the CPU's three passes exactly (max, exp-sum,
// normalise). A workgroup-per-row version is the change to make for long rows.
// loss_fwd is a full reduction to one number: a single workgroup of 256 lanes striding over
// cross-entropy rows (log-sum-exp per row; rt.n * rows of them, rows = T for a per-token [T, V]
// output) or elements, a tree sum, and lane 0 writes the mean into the loss log at
// rt.loss_slot. One group is plenty for batch-sized inputs and needs no second pass or atomics.
// Targets of IGNORE_INDEX are skipped and the mean is over the counted rows (none: 0).
// loss_bwd is elementwise (a thread per row for cross-entropy, which fuses softmax and its
// gradient as llm.c's crossentropy_softmax_backward does). Its 1/count needs every target: each
// 256-lane group counts them itself (a strided loop and a tree sum, rows/256 reads a lane) —
// tried first: a thread counting all rows alone, rows reads a thread, quadratic for long
// sequences; kept: the group count, no second kernel or buffer for one number.
// log1p (BCE with logits) is written out: log(1 + e) loses e below ~1e-7 in f32.

import { type WgslFamily, perThread } from '../kernel';
import { IGNORE_INDEX, LOSS } from '../../../kernels/codes';
import { WG_SUM } from './common';

const LOSS_HELPERS = /* wgsl */ `
fn log1p_(e: f32) -> f32 {
  if (e < 1e-4) { return e - 0.5 * e * e + e * e * e / 3.0; }
  return log(1.0 + e);
}
fn elem_loss(kind: u32, o: f32, t: f32, delta: f32, pw: f32) -> f32 {
  let r = o - t;
  switch (kind) {
    case ${LOSS.mse}u: { return r * r; }
    case ${LOSS.mae}u: { return abs(r); }
    case ${LOSS.huber}u: { let a = abs(r); return select(delta * (a - 0.5 * delta), 0.5 * r * r, a <= delta); }
    default: { // binary cross-entropy on logits, pos_weight pw as BCEWithLogitsLoss writes it
      let sp = log1p_(exp(-abs(o)));
      if (pw == 1.0) { return max(o, 0.0) - o * t + sp; }
      return (1.0 - t) * o + (1.0 + (pw - 1.0) * t) * (sp + max(-o, 0.0));
    }
  }
}
fn elem_grad(kind: u32, o: f32, t: f32, delta: f32, pw: f32) -> f32 {
  let r = o - t;
  switch (kind) {
    case ${LOSS.mse}u: { return 2.0 * r; }
    case ${LOSS.mae}u: { return sign(r); }
    case ${LOSS.huber}u: { return clamp(r, -delta, delta); }
    default: { // binary cross-entropy on logits
      if (pw == 1.0) { return 1.0 / (1.0 + exp(-o)) - t; }
      return (1.0 - t) - (1.0 + (pw - 1.0) * t) / (1.0 + exp(o));
    }
  }
}
fn row_lse(o: u32, D: u32) -> f32 {
  var mx = out[o];
  for (var i = 1u; i < D; i++) { mx = max(mx, out[o + i]); }
  var s = 0.0;
  for (var i = 0u; i < D; i++) { s += exp(out[o + i] - mx); }
  return mx + log(s);
}
fn class_weight(i: u32, t: u32, D: u32, eps: f32) -> f32 {
  return select(0.0, 1.0 - eps, i == t) + eps / f32(D);
}
fn ce_rows() -> u32 { return rt.n * max(1u, u.rows); }
// Distillation (backends/cpu/loss.ts distillRow): log-sum-exp of out / T and of the teacher's
// logits / T, and one row's loss; DISTILL_GRAD (loss_bwd's only: it writes dout) its gradient.
fn out_lse_t(o: u32, D: u32, T: f32) -> f32 {
  var mx = out[o] / T;
  for (var i = 1u; i < D; i++) { mx = max(mx, out[o + i] / T); }
  var s = 0.0;
  for (var i = 0u; i < D; i++) { s += exp(out[o + i] / T - mx); }
  return mx + log(s);
}
fn tgt_lse_t(o: u32, D: u32, T: f32) -> f32 {
  var mx = target[o] / T;
  for (var i = 1u; i < D; i++) { mx = max(mx, target[o + i] / T); }
  var s = 0.0;
  for (var i = 0u; i < D; i++) { s += exp(target[o + i] / T - mx); }
  return mx + log(s);
}
fn distill_loss(r: u32) -> f32 {
  let D = u.d; let T = u.temperature; let a = u.alpha;
  let o = r * D; let t = u.soft + r * D;
  let lq = out_lse_t(o, D, T); let lp = tgt_lse_t(t, D, T); let lse = row_lse(o, D);
  let c = u32(target[r]);
  var kl = 0.0; var ce = 0.0;
  for (var i = 0u; i < D; i++) {
    let logp = target[t + i] / T - lp;
    let p = exp(logp);
    if (p > 0.0) { kl += p * (logp - (out[o + i] / T - lq)); }
    let q = class_weight(i, c, D, u.smoothing);
    if (q != 0.0) { ce -= q * (out[o + i] - lse); }
  }
  return a * T * T * kl + (1.0 - a) * ce;
}
fn ignored(t: f32) -> bool { return t == ${IGNORE_INDEX}.0; }
`;

const DISTILL_GRAD = /* wgsl */ `
fn distill_grad(r: u32, scale: f32) {
  let D = u.d; let T = u.temperature; let a = u.alpha;
  let o = r * D; let t = u.soft + r * D;
  let lq = out_lse_t(o, D, T); let lp = tgt_lse_t(t, D, T); let lse = row_lse(o, D);
  let c = u32(target[r]);
  for (var i = 0u; i < D; i++) {
    let soft = exp(out[o + i] / T - lq) - exp(target[t + i] / T - lp);
    let hard = exp(out[o + i] - lse) - class_weight(i, c, D, u.smoothing);
    dout[o + i] = (a * T * soft + (1.0 - a) * hard) * scale;
  }
}
`;

const LOSS_PARAMS = [
  { name: 'kind', type: 'u32' },
  { name: 'd', type: 'u32' },
  { name: 'delta', type: 'f32', def: 1 },
  { name: 'smoothing', type: 'f32', def: 0 },
  { name: 'pos_weight', field: 'pw', type: 'f32', def: 1 },
  { name: 'rows', type: 'u32', def: 1 },
  { name: 'temperature', type: 'f32', def: 1 },
  { name: 'alpha', type: 'f32', def: 0 },
  { name: 'soft', type: 'u32', def: 0 },
] as const;

export const LOSSES: WgslFamily<'softmax_fwd' | 'softmax_bwd' | 'loss_fwd' | 'loss_bwd'> = {
  softmax_fwd: {
    writes: ['y'],
    params: [
      { name: 'd', type: 'u32' },
      { name: 'len', type: 'u32' },
    ],
    body: `
  if (idx >= (u.len / u.d) * rt.n) { return; }
  let o = idx * u.d;
  var mx = x[o];
  for (var i = 1u; i < u.d; i++) { mx = max(mx, x[o + i]); }
  var s = 0.0;
  for (var i = 0u; i < u.d; i++) { let e = exp(x[o + i] - mx); y[o + i] = e; s += e; }
  for (var i = 0u; i < u.d; i++) { y[o + i] = y[o + i] / s; }`,
    groups: (p, rt) => perThread((p.len! / p.d!) * rt.n),
  },
  softmax_bwd: {
    writes: ['dx'],
    params: [
      { name: 'd', type: 'u32' },
      { name: 'len', type: 'u32' },
    ],
    body: `
  if (idx >= (u.len / u.d) * rt.n) { return; }
  let o = idx * u.d;
  var s = 0.0;
  for (var i = 0u; i < u.d; i++) { s += dy[o + i] * y[o + i]; }
  for (var i = 0u; i < u.d; i++) { dx[o + i] = y[o + i] * (dy[o + i] - s); }`,
    groups: (p, rt) => perThread((p.len! / p.d!) * rt.n),
  },
  loss_fwd: {
    writes: ['lossLog'],
    params: LOSS_PARAMS,
    helpers: LOSS_HELPERS + WG_SUM,
    wg: 256,
    body: `
  if (group > 0u) { return; }
  var s = 0.0;
  var count = rt.n * u.d;
  if (u.kind == ${LOSS.cross_entropy}u) {
    var c = 0.0;
    for (var r = lid; r < ce_rows(); r += WG) {
      if (ignored(target[r])) { continue; }
      c += 1.0;
      let o = r * u.d;
      let lse = row_lse(o, u.d);
      let t = u32(target[r]);
      for (var i = 0u; i < u.d; i++) {
        let q = class_weight(i, t, u.d, u.smoothing);
        if (q != 0.0) { s -= q * (out[o + i] - lse); }
      }
    }
    s = wg_sum(s, lid);
    c = wg_sum(c, lid);
    if (lid == 0u) { lossLog[rt.loss_slot] = select(0.0, s / c, c > 0.0); }
    return;
  } else if (u.kind == ${LOSS.distill}u) {
    for (var r = lid; r < rt.n; r += WG) { s += distill_loss(r); }
    s = wg_sum(s, lid);
    if (lid == 0u) { lossLog[rt.loss_slot] = select(0.0, s / f32(rt.n), rt.n > 0u); }
    return;
  } else {
    for (var i = lid; i < count; i += WG) { s += elem_loss(u.kind, out[i], target[i], u.delta, u.pw); }
  }
  s = wg_sum(s, lid);
  if (lid == 0u) { lossLog[rt.loss_slot] = s / f32(count); }`,
    groups: () => 1,
  },
  loss_bwd: {
    writes: ['dout'],
    params: LOSS_PARAMS,
    helpers: LOSS_HELPERS + DISTILL_GRAD + WG_SUM,
    wg: 256,
    body: `
  if (u.kind == ${LOSS.distill}u) {
    if (idx < rt.n) { distill_grad(idx, 1.0 / f32(rt.n)); }
    return;
  }
  if (u.kind == ${LOSS.cross_entropy}u) {
    let R = ce_rows();
    if (group * WG >= R) { return; }
    var c = 0.0;
    for (var r = lid; r < R; r += WG) { c += select(1.0, 0.0, ignored(target[r])); }
    c = wg_sum(c, lid);
    if (idx >= R) { return; }
    let o = idx * u.d;
    if (ignored(target[idx])) {
      for (var i = 0u; i < u.d; i++) { dout[o + i] = 0.0; }
      return;
    }
    let lse = row_lse(o, u.d);
    let t = u32(target[idx]);
    let scale = 1.0 / c;
    for (var i = 0u; i < u.d; i++) {
      dout[o + i] = (exp(out[o + i] - lse) - class_weight(i, t, u.d, u.smoothing)) * scale;
    }
    return;
  }
  let m = rt.n * u.d;
  if (idx >= m) { return; }
  dout[idx] = elem_grad(u.kind, out[idx], target[idx], u.delta, u.pw) / f32(m);`,
    groups: (p, rt) =>
      perThread(p.kind === LOSS.cross_entropy ? rt.n * Math.max(1, p.rows ?? 1) : p.kind === LOSS.distill ? rt.n : rt.n * p.d!, 256),
  },
};
