// Softmax and the losses. Every loss is a mean over its elements (PyTorch's reduction='mean';
// cross-entropy averages over its counted rows: one per sample, or T per sample for a per-token
// [T, V] output, less the rows whose target is IGNORE_INDEX). A loss forward writes one number into the loss log at
// rt.lossSlot; its backward writes d(loss)/d(output) directly, fused as in llm.c.

import type { Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';
import { IGNORE_INDEX, LOSS } from '../../kernels/codes';

type F = Float32Array;

/** Softmax over rows of d. */
export function softmaxFwd([x, y]: ArgsOf<'softmax_fwd', F>, p: ParamsOf<'softmax_fwd'>, rt: Runtime): void {
  const D = p.d!,
    rows = (p.len! / D) * rt.n;
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let mx = -Infinity;
    for (let i = 0; i < D; i++) mx = Math.max(mx, x![o + i]!);
    let s = 0;
    for (let i = 0; i < D; i++) {
      const e = Math.exp(x![o + i]! - mx);
      y![o + i] = e;
      s += e;
    }
    for (let i = 0; i < D; i++) y![o + i] /= s;
  }
}

/** dx = y (dy - sum(dy y)). */
export function softmaxBwd([y, dy, dx]: ArgsOf<'softmax_bwd', F>, p: ParamsOf<'softmax_bwd'>, rt: Runtime): void {
  const D = p.d!,
    rows = (p.len! / D) * rt.n;
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let s = 0;
    for (let i = 0; i < D; i++) s += dy![o + i]! * y![o + i]!;
    for (let i = 0; i < D; i++) dx![o + i] = y![o + i]! * (dy![o + i]! - s);
  }
}

/** Per-element loss (kinds other than cross-entropy). */
function elemLoss(kind: number, o: number, t: number, delta: number, pw: number): number {
  const r = o - t;
  switch (kind) {
    case LOSS.mse:
      return r * r;
    case LOSS.mae:
      return Math.abs(r);
    case LOSS.huber: {
      const a = Math.abs(r);
      return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }
    default: {
      // BCE with logits; pos_weight pw as torch.nn.BCEWithLogitsLoss writes it
      const sp = Math.log1p(Math.exp(-Math.abs(o)));
      return pw === 1 ? Math.max(o, 0) - o * t + sp : (1 - t) * o + (1 + (pw - 1) * t) * (sp + Math.max(-o, 0));
    }
  }
}

function elemGrad(kind: number, o: number, t: number, delta: number, pw: number): number {
  const r = o - t;
  switch (kind) {
    case LOSS.mse:
      return 2 * r;
    case LOSS.mae:
      return r > 0 ? 1 : r < 0 ? -1 : 0;
    case LOSS.huber:
      return r > delta ? delta : r < -delta ? -delta : r;
    default:
      return pw === 1 ? 1 / (1 + Math.exp(-o)) - t : 1 - t - (1 + (pw - 1) * t) / (1 + Math.exp(o));
  }
}

/** Softmax cross-entropy of one row against class t with label smoothing eps. */
function ceRow(x: F, o: number, D: number, t: number, eps: number, grad: F | null, scale: number): number {
  let mx = -Infinity;
  for (let i = 0; i < D; i++) mx = Math.max(mx, x[o + i]!);
  let s = 0;
  for (let i = 0; i < D; i++) s += Math.exp(x[o + i]! - mx);
  const lse = mx + Math.log(s);
  let loss = 0;
  for (let i = 0; i < D; i++) {
    const q = (i === t ? 1 - eps : 0) + eps / D;
    if (q !== 0) loss -= q * (x[o + i]! - lse);
    if (grad) grad[o + i] = (Math.exp(x[o + i]! - lse) - q) * scale;
  }
  return loss;
}

/** Log-sum-exp of row o of x divided by T. */
function lseOver(x: F, o: number, D: number, T: number): number {
  let mx = -Infinity;
  for (let i = 0; i < D; i++) mx = Math.max(mx, x[o + i]! / T);
  let s = 0;
  for (let i = 0; i < D; i++) s += Math.exp(x[o + i]! / T - mx);
  return mx + Math.log(s);
}

/**
 * Knowledge distillation (Hinton et al. 2015) of row r, as PyTorch's distillation tutorial writes
 * it: alpha * T^2 * KL(p || q) + (1 - alpha) * CE(out, class), p = softmax(teacher / T), q =
 * softmax(out / T); KL as KLDivLoss(log q, p, reduction='batchmean') (the mean over rows is the
 * caller's). Teacher logits are target[soft + r * D + i]. The gradient (times scale) is
 * alpha * T * (q - p) + (1 - alpha) * (softmax(out) - onehot).
 */
function distillRow(x: F, target: F, r: number, D: number, p: ParamsOf<'loss_fwd'>, grad: F | null, scale: number): number {
  const T = p.temperature!,
    a = p.alpha!,
    o = r * D,
    t = p.soft! + r * D;
  const lq = lseOver(x, o, D, T),
    lp = lseOver(target, t, D, T);
  let kl = 0;
  for (let i = 0; i < D; i++) {
    const logP = target[t + i]! / T - lp;
    const pi = Math.exp(logP);
    if (pi > 0) kl += pi * (logP - (x[o + i]! / T - lq));
    if (grad) grad[o + i] = a * T * (Math.exp(x[o + i]! / T - lq) - pi);
  }
  if (grad) for (let i = 0; i < D; i++) grad[o + i] *= scale;
  // The hard term adds its own (1 - alpha)-weighted gradient on top of the soft one.
  const ce = a === 1 ? 0 : ceRow(x, o, D, target[r]!, p.smoothing ?? 0, null, 0);
  if (grad && a !== 1) addCeGrad(x, o, D, target[r]!, p.smoothing ?? 0, grad, (1 - a) * scale);
  return a * T * T * kl + (1 - a) * ce;
}

/** grad[o..] += scale * (softmax(x) - q) for class t with label smoothing eps. */
function addCeGrad(x: F, o: number, D: number, t: number, eps: number, grad: F, scale: number): void {
  const lse = lseOver(x, o, D, 1);
  for (let i = 0; i < D; i++) grad[o + i] += (Math.exp(x[o + i]! - lse) - ((i === t ? 1 - eps : 0) + eps / D)) * scale;
}

/** Rows that count: targets other than IGNORE_INDEX among the first R. */
function counted(target: F, R: number): number {
  let c = 0;
  for (let r = 0; r < R; r++) if (target[r] !== IGNORE_INDEX) c++;
  return c;
}

/** The mean loss into lossLog[rt.lossSlot]. Targets: a class index per cross-entropy row, else
 *  one value per output element. Every row ignored: loss 0 (PyTorch gives NaN). */
export function lossFwd([out, target, log]: ArgsOf<'loss_fwd', F>, p: ParamsOf<'loss_fwd'>, rt: Runtime): void {
  const D = p.d!,
    n = rt.n,
    kind = p.kind!;
  let s = 0;
  if (kind === LOSS.cross_entropy) {
    const R = n * Math.max(1, p.rows ?? 1);
    for (let r = 0; r < R; r++) if (target![r] !== IGNORE_INDEX) s += ceRow(out!, r * D, D, target![r]!, p.smoothing ?? 0, null, 0);
    const c = counted(target!, R);
    log![rt.lossSlot] = c > 0 ? s / c : 0;
    return;
  }
  if (kind === LOSS.distill) {
    for (let r = 0; r < n; r++) s += distillRow(out!, target!, r, D, p, null, 0);
    log![rt.lossSlot] = n > 0 ? s / n : 0;
    return;
  }
  const m = n * D,
    delta = p.delta ?? 1,
    pw = p.pos_weight ?? 1;
  for (let i = 0; i < m; i++) s += elemLoss(kind, out![i]!, target![i]!, delta, pw);
  log![rt.lossSlot] = s / m;
}

/** dout = d(mean loss)/d(out); ignored rows get 0. */
export function lossBwd([out, target, dout]: ArgsOf<'loss_bwd', F>, p: ParamsOf<'loss_bwd'>, rt: Runtime): void {
  const D = p.d!,
    n = rt.n,
    kind = p.kind!;
  if (kind === LOSS.cross_entropy) {
    const R = n * Math.max(1, p.rows ?? 1),
      c = counted(target!, R);
    for (let r = 0; r < R; r++) {
      if (target![r] === IGNORE_INDEX) dout!.fill(0, r * D, (r + 1) * D);
      else ceRow(out!, r * D, D, target![r]!, p.smoothing ?? 0, dout!, 1 / c);
    }
    return;
  }
  if (kind === LOSS.distill) {
    for (let r = 0; r < n; r++) distillRow(out!, target!, r, D, p, dout!, 1 / n);
    return;
  }
  const m = n * D,
    delta = p.delta ?? 1,
    pw = p.pos_weight ?? 1;
  for (let i = 0; i < m; i++) dout![i] = elemGrad(kind, out![i]!, target![i]!, delta, pw) / m;
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const LOSS_KERNELS = {
  softmax_fwd: softmaxFwd,
  softmax_bwd: softmaxBwd,
  loss_fwd: lossFwd,
  loss_bwd: lossBwd,
};
