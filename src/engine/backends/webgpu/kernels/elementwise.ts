// Elementwise WGSL kernels: bias, residual add, copies, activations, dropout.
//
// Approach: one invocation per element, workgroups of 64, grid-stride-free (the dispatch is
// split over y when it exceeds 65535 groups). Memory-bound kernels gain nothing from anything
// cleverer; vec4 loads were not tried because plan slices are not 16-byte aligned.
// bias_grad is a reduction: one workgroup per channel, 64 lanes striding over rows x inner,
// then a shared-memory tree sum (a thread per channel starves the GPU when channels are few).
// Math that WGSL lacks is written out to match the CPU: erf (same Numerical Recipes fit),
// expm1 (series near 0), tanh (through exp(-2|x|), since some drivers' tanh overflows to NaN).
// Dropout mirrors rng.ts's pcg hash bit for bit; the keep test compares the 24-bit integer
// against ceil(keep * 2^24), computed in f64 on the host, so masks equal the CPU's exactly.

import { type WgslFamily, perThread } from '../kernel';
import { ACT } from '../../../kernels/codes';
import { WG_SUM } from './common';

const total = (p: { len?: number; batched?: number }, n: number) => (p.batched ? p.len! * n : p.len!);
const TOTAL = 'select(u.len, u.len * rt.n, u.batched != 0u)';

export const ACT_HELPERS = /* wgsl */ `
fn erf_(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return select(r - 1.0, 1.0 - r, x >= 0.0);
}
fn expm1_(x: f32) -> f32 {
  // Taylor to x^6 below 0.1 (error < 2e-9 relative); exp(x) - 1 loses digits there.
  if (abs(x) < 0.1) { return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x / 720.0))))); }
  return exp(x) - 1.0;
}
fn tanh_(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}
fn sigmoid_(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
fn act_(code: u32, alpha: f32, v: f32) -> f32 {
  switch (code) {
    case ${ACT.relu}u: { return max(v, 0.0); }
    case ${ACT.leaky_relu}u: { return select(alpha * v, v, v > 0.0); }
    case ${ACT.elu}u: { return select(alpha * expm1_(v), v, v > 0.0); }
    case ${ACT.gelu}u: { return 0.5 * v * (1.0 + erf_(v * 0.70710678118654752)); }
    case ${ACT.sigmoid}u: { return sigmoid_(v); }
    default: { return tanh_(v); } // ACT.tanh
  }
}
`;

const lenParams = [
  { name: 'len', type: 'u32' },
  { name: 'batched', type: 'u32', def: 0 },
] as const;

export const ELEMENTWISE: WgslFamily<
  'bias_add' | 'bias_grad' | 'bias_act' | 'add' | 'copy' | 'acc_add' | 'act_fwd' | 'act_bwd' | 'dropout_fwd' | 'dropout_bwd'
> = {
  bias_add: {
    writes: ['y'],
    params: [
      { name: 'outer', type: 'u32' },
      { name: 'c', type: 'u32' },
      { name: 'inner', type: 'u32' },
    ],
    body: `
  if (idx >= u.outer * rt.n * u.c * u.inner) { return; }
  y[idx] = x[idx] + b[(idx / u.inner) % u.c];`,
    groups: (p, rt) => perThread(p.outer! * rt.n * p.c! * p.inner!),
  },
  bias_grad: {
    writes: ['db'],
    params: [
      { name: 'outer', type: 'u32' },
      { name: 'c', type: 'u32' },
      { name: 'inner', type: 'u32' },
    ],
    helpers: WG_SUM,
    body: `
  let ch = group;
  if (ch >= u.c) { return; }
  let count = u.outer * rt.n * u.inner;
  var s = 0.0;
  for (var j = lid; j < count; j += WG) {
    let r = j / u.inner;
    s += dy[(r * u.c + ch) * u.inner + j % u.inner];
  }
  s = wg_sum(s, lid);
  if (lid == 0u) { db[ch] = s; }`,
    groups: (p) => p.c!,
  },
  // bias_add + activation in one pass (the plan fuses them when the backend supports it).
  bias_act: {
    writes: ['y'],
    params: [
      { name: 'outer', type: 'u32' },
      { name: 'c', type: 'u32' },
      { name: 'inner', type: 'u32' },
      { name: 'fn', field: 'act', type: 'u32' },
      { name: 'alpha', type: 'f32', def: 0 },
    ],
    helpers: ACT_HELPERS,
    body: `
  if (idx >= u.outer * rt.n * u.c * u.inner) { return; }
  y[idx] = act_(u.act, u.alpha, x[idx] + b[(idx / u.inner) % u.c]);`,
    groups: (p, rt) => perThread(p.outer! * rt.n * p.c! * p.inner!),
  },
  add: {
    writes: ['y'],
    params: lenParams,
    body: `
  if (idx >= ${TOTAL}) { return; }
  y[idx] = a[idx] + b[idx];`,
    groups: (p, rt) => perThread(total(p, rt.n)),
  },
  copy: {
    writes: ['dst'],
    params: lenParams,
    body: `
  if (idx >= ${TOTAL}) { return; }
  dst[idx] = src[idx];`,
    groups: (p, rt) => perThread(total(p, rt.n)),
  },
  acc_add: {
    writes: ['dst'],
    params: lenParams,
    body: `
  if (idx >= ${TOTAL}) { return; }
  dst[idx] = dst[idx] + src[idx];`,
    groups: (p, rt) => perThread(total(p, rt.n)),
  },
  act_fwd: {
    writes: ['y'],
    params: [
      { name: 'fn', field: 'act', type: 'u32' },
      { name: 'alpha', type: 'f32', def: 0 },
      { name: 'len', type: 'u32' },
    ],
    helpers: ACT_HELPERS,
    body: `
  if (idx >= u.len * rt.n) { return; }
  y[idx] = act_(u.act, u.alpha, x[idx]);`,
    groups: (p, rt) => perThread(p.len! * rt.n),
  },
  act_bwd: {
    writes: ['dx'],
    params: [
      { name: 'fn', field: 'act', type: 'u32' },
      { name: 'alpha', type: 'f32', def: 0 },
      { name: 'len', type: 'u32' },
    ],
    helpers: ACT_HELPERS,
    body: `
  if (idx >= u.len * rt.n) { return; }
  let g = dy[idx];
  var r = 0.0;
  switch (u.act) {
    case ${ACT.relu}u: { r = select(0.0, g, x[idx] > 0.0); }
    case ${ACT.leaky_relu}u: { r = select(u.alpha * g, g, x[idx] > 0.0); }
    case ${ACT.elu}u: { r = select((y[idx] + u.alpha) * g, g, x[idx] > 0.0); }
    case ${ACT.gelu}u: {
      let v = x[idx];
      let cdf = 0.5 * (1.0 + erf_(v * 0.70710678118654752));
      r = g * (cdf + v * 0.3989422804014327 * exp(-0.5 * v * v));
    }
    case ${ACT.sigmoid}u: { let s = y[idx]; r = g * s * (1.0 - s); }
    default: { let t = y[idx]; r = g * (1.0 - t * t); } // ACT.tanh
  }
  dx[idx] = r;`,
    groups: (p, rt) => perThread(p.len! * rt.n),
  },
  dropout_fwd: {
    writes: ['mask', 'y'],
    params: [
      { name: 'len', type: 'u32' },
      { name: 'salt', type: 'u32' },
    ],
    derived: [
      { field: 'threshold', type: 'u32' },
      { field: 'scale', type: 'f32' },
    ],
    derive: (p) => ({ threshold: Math.min(2 ** 24, Math.ceil((1 - p.p!) * 2 ** 24)), scale: 1 / (1 - p.p!) }),
    helpers: /* wgsl */ `
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}`,
    body: `
  if (idx >= u.len * rt.n) { return; }
  let seed = rt.seed ^ u.salt;
  let h = pcg(pcg(seed ^ pcg(rt.step)) + idx) >> 8u;
  let m = select(0.0, u.scale, h < u.threshold);
  mask[idx] = m;
  y[idx] = x[idx] * m;`,
    groups: (p, rt) => perThread(p.len! * rt.n),
  },
  dropout_bwd: {
    writes: ['dx'],
    params: [{ name: 'len', type: 'u32' }],
    body: `
  if (idx >= u.len * rt.n) { return; }
  dx[idx] = dy[idx] * mask[idx];`,
    groups: (p, rt) => perThread(p.len! * rt.n),
  },
};
