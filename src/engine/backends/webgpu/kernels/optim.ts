// Optimizer updates over the flat parameter buffer: one fused kernel per optimizer (gradient
// clip scale, weight decay, state update and parameter update in one pass, one invocation per
// parameter), formulas as torch.optim's single-tensor paths and the CPU kernels. The clip
// coefficient min(1, max_norm / (sqrt(sumsq) + 1e-6)) is recomputed by every invocation from
// the one-float norm buffer: cheaper than a dispatch to broadcast it.
// sumsq is a full reduction into one float: a single workgroup of 256 lanes (it runs once per
// step over the gradient; a two-level reduction is the upgrade for very large models).
// Constants like 1 - beta2 and ln(beta) are computed on the host in f64 (derived uniforms):
// 1 - f32(0.999) is 1.3e-5 off, which showed as a 2.5x-tolerance miss at Adam's first step.
// Bias corrections are 1 - beta^t = -expm1(t ln beta), exact to f32 rounding.

import { type WgslFamily, type WgslKernelDef, perThread } from '../kernel';
import { WG_SUM } from './common';

const CLIP = /* wgsl */ `
fn clip_scale(nrm: f32, max_norm: f32) -> f32 {
  if (!(max_norm > 0.0)) { return 1.0; }
  return min(1.0, max_norm / (sqrt(nrm) + 1e-6));
}`;

const EXPM1 = /* wgsl */ `
fn expm1_(x: f32) -> f32 {
  if (abs(x) < 0.1) { return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x / 720.0))))); }
  return exp(x) - 1.0;
}`;

const len = { name: 'len', type: 'u32' } as const;
const wd = { name: 'wd', type: 'f32', def: 0 } as const;
const clip = { name: 'clip', type: 'f32', def: 0 } as const;
const byLen = (p: { len?: number }) => perThread(p.len!);

type OptimName = 'sumsq' | 'l1_grad' | 'mask_apply' | 'sgd' | 'adam' | 'amsgrad' | 'rmsprop' | 'rmsprop_centered' | 'adagrad';

/** Adam/AdamW, and with amsgrad the running maximum vmax as the denominator's (one body, two kernels). */
function adamDef(ams: boolean): Omit<WgslKernelDef<'adam'>, 'writes'> {
  return {
    params: [
      len,
      { name: 'b1', type: 'f32' },
      { name: 'b2', type: 'f32' },
      { name: 'eps', type: 'f32' },
      wd,
      { name: 'decoupled', type: 'u32', def: 0 },
      clip,
    ],
    // 1 - b2 in f32 from f32(0.999) is off by 1.3e-5 relative; take it and ln(b) from f64.
    derived: [
      { field: 'omb1', type: 'f32' },
      { field: 'omb2', type: 'f32' },
      { field: 'lnb1', type: 'f32' },
      { field: 'lnb2', type: 'f32' },
    ],
    derive: (p) => ({ omb1: 1 - p.b1, omb2: 1 - p.b2, lnb1: Math.log(p.b1), lnb2: Math.log(p.b2) }),
    helpers: CLIP + EXPM1,
    body: `
  if (idx >= u.len) { return; }
  let step = f32(rt.step);
  let bc1 = -expm1_(step * u.lnb1);
  let bc2s = sqrt(-expm1_(step * u.lnb2));
  let dec = u.decoupled != 0u;
  var wi = w[idx] * select(1.0, 1.0 - rt.lr * u.wd, dec);
  let d = g[idx] * clip_scale(norm[0], u.clip) + select(u.wd, 0.0, dec) * wi;
  let mi = u.b1 * m[idx] + u.omb1 * d;
  let vi = u.b2 * v[idx] + u.omb2 * d * d;
  m[idx] = mi;
  v[idx] = vi;${
    ams
      ? `
  let den = max(vmax[idx], vi);
  vmax[idx] = den;`
      : `
  let den = vi;`
  }
  wi -= (rt.lr / bc1) * mi / (sqrt(den) / bc2s + u.eps);
  w[idx] = wi;`,
    groups: byLen,
  };
}

/** RMSprop, and centered (gavg, the running mean of g, taken out of the square average). */
function rmspropDef(centered: boolean): Omit<WgslKernelDef<'rmsprop'>, 'writes'> {
  return {
    params: [len, { name: 'alpha', type: 'f32' }, { name: 'eps', type: 'f32' }, { name: 'momentum', type: 'f32', def: 0 }, wd, clip],
    derived: [{ field: 'oma', type: 'f32' }],
    derive: (p) => ({ oma: 1 - p.alpha }),
    helpers: CLIP,
    body: `
  if (idx >= u.len) { return; }
  let d = g[idx] * clip_scale(norm[0], u.clip) + u.wd * w[idx];
  let s = u.alpha * sq[idx] + u.oma * d * d;
  sq[idx] = s;${
    centered
      ? `
  let ga = u.alpha * gavg[idx] + u.oma * d;
  gavg[idx] = ga;
  let avg = sqrt(s - ga * ga) + u.eps;`
      : `
  let avg = sqrt(s) + u.eps;`
  }
  if (u.momentum > 0.0) {
    let b = u.momentum * buf[idx] + d / avg;
    buf[idx] = b;
    w[idx] = w[idx] - rt.lr * b;
  } else {
    w[idx] = w[idx] - rt.lr * d / avg;
  }`,
    groups: byLen,
  };
}

export const OPTIM: WgslFamily<OptimName> = {
  sumsq: {
    writes: ['out'],
    params: [len, { name: 'acc', type: 'u32', def: 0 }],
    helpers: WG_SUM,
    wg: 256,
    body: `
  if (group > 0u) { return; }
  var s = 0.0;
  for (var i = lid; i < u.len; i += WG) { s += g[i] * g[i]; }
  s = wg_sum(s, lid);
  if (lid == 0u) { out[0] = select(0.0, out[0], u.acc != 0u) + s; }`,
    groups: () => 1,
  },
  l1_grad: {
    writes: ['g'],
    params: [len, { name: 'l1', type: 'f32' }],
    body: `
  if (idx >= u.len) { return; }
  g[idx] = g[idx] + u.l1 * sign(w[idx]);`,
    groups: byLen,
  },
  // select, not a product: a pruned entry is exactly 0 even where x is inf or NaN.
  mask_apply: {
    writes: ['x'],
    params: [len],
    body: `
  if (idx >= u.len) { return; }
  x[idx] = select(x[idx] * mask[idx], 0.0, mask[idx] == 0.0);`,
    groups: byLen,
  },
  sgd: {
    writes: ['w', 'buf'],
    params: [
      len,
      { name: 'momentum', type: 'f32', def: 0 },
      { name: 'dampening', type: 'f32', def: 0 },
      { name: 'nesterov', type: 'u32', def: 0 },
      wd,
      clip,
    ],
    helpers: CLIP,
    body: `
  if (idx >= u.len) { return; }
  var d = g[idx] * clip_scale(norm[0], u.clip) + u.wd * w[idx];
  if (u.momentum != 0.0) {
    var b = d;
    if (rt.step != 1u) { b = u.momentum * buf[idx] + (1.0 - u.dampening) * d; }
    buf[idx] = b;
    d = select(b, d + u.momentum * b, u.nesterov != 0u);
  }
  w[idx] = w[idx] - rt.lr * d;`,
    groups: byLen,
  },
  adam: { writes: ['w', 'm', 'v'], ...adamDef(false) },
  amsgrad: { writes: ['w', 'm', 'v', 'vmax'], ...adamDef(true) },
  rmsprop: { writes: ['w', 'sq', 'buf'], ...rmspropDef(false) },
  rmsprop_centered: { writes: ['w', 'sq', 'gavg', 'buf'], ...rmspropDef(true) },
  adagrad: {
    writes: ['w', 'acc'],
    params: [len, { name: 'eps', type: 'f32' }, wd, clip, { name: 'lr_decay', type: 'f32', def: 0 }, { name: 'acc0', type: 'f32', def: 0 }],
    helpers: CLIP,
    body: `
  if (idx >= u.len) { return; }
  let clr = rt.lr / (1.0 + f32(rt.step - 1u) * u.lr_decay);
  let d = g[idx] * clip_scale(norm[0], u.clip) + u.wd * w[idx];
  let s = select(acc[idx], u.acc0, rt.step == 1u) + d * d;
  acc[idx] = s;
  w[idx] = w[idx] - clr * d / (sqrt(s) + u.eps);`,
    groups: byLen,
  },
};
