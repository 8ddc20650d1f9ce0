// Optimizer kernels over flat parameter/gradient/state buffers, formulas as in torch.optim
// (single-tensor, foreach=False code paths). Each call covers one contiguous segment (weights
// that decay, or parameters that do not). Gradient clipping by global norm reads the sum of
// squares left by `sumsq` and scales the gradient on the fly, as clip_grad_norm_ would:
// coef = min(1, max_norm / (norm + 1e-6)).

import type { KernelParams, Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;

export function clipScale(norm: F, p: KernelParams): number {
  const max = p.clip ?? 0;
  if (!(max > 0)) return 1;
  return Math.min(1, max / (Math.sqrt(norm[0]!) + 1e-6));
}

/** out[0] = sum of g^2 (over all segments: acc 1 adds). */
export function sumsq([g, out]: ArgsOf<'sumsq', F>, p: ParamsOf<'sumsq'>): void {
  let s = 0;
  for (let i = 0; i < p.len!; i++) s += g![i]! * g![i]!;
  out![0] = (p.acc ? out![0]! : 0) + s;
}

/** L1 penalty as part of the loss: g += l1 * sign(w). */
export function l1Grad([w, g]: ArgsOf<'l1_grad', F>, p: ParamsOf<'l1_grad'>): void {
  const l1 = p.l1!;
  for (let i = 0; i < p.len!; i++) {
    const v = w![i]!;
    g![i] += v > 0 ? l1 : v < 0 ? -l1 : 0;
  }
}

/** Pruning's mask: x *= mask, so a pruned weight (or its gradient) is exactly zero. */
export function maskApply([x, mask]: ArgsOf<'mask_apply', F>, p: ParamsOf<'mask_apply'>): void {
  for (let i = 0; i < p.len; i++) x![i] = mask![i] === 0 ? 0 : x![i]! * mask![i]!;
}

/** SGD with momentum, dampening, Nesterov. */
export function sgd([w, g, buf, norm]: ArgsOf<'sgd', F>, p: ParamsOf<'sgd'>, rt: Runtime): void {
  const lr = rt.lr,
    mom = p.momentum!,
    damp = p.dampening!,
    wd = p.wd!,
    sc = clipScale(norm!, p);
  const first = rt.step === 1;
  for (let i = 0; i < p.len!; i++) {
    let d = g![i]! * sc + wd * w![i]!;
    if (mom !== 0) {
      const b = first ? d : mom * buf![i]! + (1 - damp) * d;
      buf![i] = b;
      d = p.nesterov ? d + mom * b : b;
    }
    w![i] -= lr * d;
  }
}

/** Adam and AdamW (decoupled). */
export function adam([w, g, m, v, norm]: ArgsOf<'adam', F>, p: ParamsOf<'adam'>, rt: Runtime): void {
  adamCore(w!, g!, m!, v!, null, norm!, p, rt);
}

/** Adam/AdamW with amsgrad: the denominator uses the running maximum of v (vmax). */
export function amsgrad([w, g, m, v, vmax, norm]: ArgsOf<'amsgrad', F>, p: ParamsOf<'amsgrad'>, rt: Runtime): void {
  adamCore(w!, g!, m!, v!, vmax!, norm!, p, rt);
}

function adamCore(w: F, g: F, m: F, v: F, vmax: F | null, norm: F, p: ParamsOf<'adam'>, rt: Runtime): void {
  const lr = rt.lr,
    b1 = p.b1,
    b2 = p.b2,
    eps = p.eps,
    wd = p.wd ?? 0,
    sc = clipScale(norm, p);
  const bc1 = 1 - Math.pow(b1, rt.step),
    bc2 = 1 - Math.pow(b2, rt.step);
  const stepSize = lr / bc1,
    bc2s = Math.sqrt(bc2);
  const decay = p.decoupled ? 1 - lr * wd : 1;
  const coupled = p.decoupled ? 0 : wd;
  for (let i = 0; i < p.len; i++) {
    let wi = w[i]! * decay;
    const d = g[i]! * sc + coupled * wi;
    const mi = b1 * m[i]! + (1 - b1) * d;
    const vi = b2 * v[i]! + (1 - b2) * d * d;
    m[i] = mi;
    v[i] = vi;
    let den = vi;
    if (vmax) den = vmax[i] = Math.max(vmax[i]!, vi);
    wi -= (stepSize * mi) / (Math.sqrt(den) / bc2s + eps);
    w[i] = wi;
  }
}

/** RMSprop; eps is outside the sqrt. */
export function rmsprop([w, g, sq, buf, norm]: ArgsOf<'rmsprop', F>, p: ParamsOf<'rmsprop'>, rt: Runtime): void {
  rmspropCore(w!, g!, sq!, null, buf!, norm!, p, rt);
}

/** Centered RMSprop: the running mean of g (gavg) is taken out, avg = sqrt(sq - gavg^2) + eps. */
export function rmspropCentered(
  [w, g, sq, gavg, buf, norm]: ArgsOf<'rmsprop_centered', F>,
  p: ParamsOf<'rmsprop_centered'>,
  rt: Runtime,
): void {
  rmspropCore(w!, g!, sq!, gavg!, buf!, norm!, p, rt);
}

function rmspropCore(w: F, g: F, sq: F, gavg: F | null, buf: F, norm: F, p: ParamsOf<'rmsprop'>, rt: Runtime): void {
  const lr = rt.lr,
    a = p.alpha,
    eps = p.eps,
    mom = p.momentum ?? 0,
    wd = p.wd ?? 0,
    sc = clipScale(norm, p);
  for (let i = 0; i < p.len; i++) {
    const d = g[i]! * sc + wd * w[i]!;
    const s = a * sq[i]! + (1 - a) * d * d;
    sq[i] = s;
    let centered = s;
    if (gavg) {
      const ga = a * gavg[i]! + (1 - a) * d;
      gavg[i] = ga;
      centered = s - ga * ga;
    }
    const avg = Math.sqrt(centered) + eps;
    if (mom > 0) {
      const b = mom * buf[i]! + d / avg;
      buf[i] = b;
      w[i] -= lr * b;
    } else {
      w[i] -= (lr * d) / avg;
    }
  }
}

/** Adagrad: clr = lr / (1 + (step - 1) lr_decay); the accumulator starts at acc0
 *  (initial_accumulator_value), read in place of the state at the first step. */
export function adagrad([w, g, acc, norm]: ArgsOf<'adagrad', F>, p: ParamsOf<'adagrad'>, rt: Runtime): void {
  const eps = p.eps,
    wd = p.wd ?? 0,
    sc = clipScale(norm!, p);
  const clr = rt.lr / (1 + (rt.step - 1) * (p.lr_decay ?? 0));
  const first = rt.step === 1,
    acc0 = p.acc0 ?? 0;
  for (let i = 0; i < p.len; i++) {
    const d = g![i]! * sc + wd * w![i]!;
    const s = (first ? acc0 : acc![i]!) + d * d;
    acc![i] = s;
    w![i] -= (clr * d) / (Math.sqrt(s) + eps);
  }
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const OPTIM_KERNELS = {
  sumsq: sumsq,
  l1_grad: l1Grad,
  mask_apply: maskApply,
  sgd: sgd,
  adam: adam,
  amsgrad: amsgrad,
  rmsprop: rmsprop,
  rmsprop_centered: rmspropCentered,
  adagrad: adagrad,
};
