// Batchnorm and layernorm, forward and backward.
//
// Approach: statistics are reductions, so one workgroup per channel (batchnorm: over batch and
// H*W) or per row (layernorm: over the last axis), 64 lanes striding and a shared-memory tree
// sum. Mean and variance take two passes over the data as the CPU does (x - mean, then the
// squares), not E[x^2] - E[x]^2, which cancels badly in f32. The CPU accumulates in f64; here
// f32 partial sums of 64 strided lanes keep the error near sqrt(N/64) ulps.
// ln_bwd needs sums over rows (dgamma, dbeta) and sums over each row (for dx): one dispatch of
// rows + ceil(d/64) workgroups, the first `rows` groups doing a row's dx, the rest a column
// sum per invocation. One kernel keeps the CPU's kernel table shape; no scratch needed.

import { type WgslFamily, perThread } from '../kernel';
import { WG_SUM } from './common';

export const NORM: WgslFamily<'bn_fwd_train' | 'bn_fwd_eval' | 'bn_bwd' | 'ln_fwd' | 'ln_bwd'> = {
  bn_fwd_train: {
    writes: ['rmean', 'rvar', 'y', 'mean', 'invstd'],
    params: [
      { name: 'c', type: 'u32' },
      { name: 'inner', type: 'u32' },
      { name: 'eps', type: 'f32' },
      { name: 'momentum', type: 'f32' },
    ],
    helpers: WG_SUM,
    body: `
  let ch = group;
  if (ch >= u.c) { return; }
  let N = rt.n * u.inner;
  var s = 0.0;
  for (var j = lid; j < N; j += WG) { s += x[((j / u.inner) * u.c + ch) * u.inner + j % u.inner]; }
  let mu = wg_sum(s, lid) / f32(N);
  var q = 0.0;
  for (var j = lid; j < N; j += WG) {
    let d = x[((j / u.inner) * u.c + ch) * u.inner + j % u.inner] - mu;
    q += d * d;
  }
  q = wg_sum(q, lid);
  let v = q / f32(N);
  let is = 1.0 / sqrt(v + u.eps);
  if (lid == 0u) {
    mean[ch] = mu;
    invstd[ch] = is;
    let m = u.momentum;
    rmean[ch] = (1.0 - m) * rmean[ch] + m * mu;
    rvar[ch] = (1.0 - m) * rvar[ch] + m * select(v, q / f32(N - 1u), N > 1u);
  }
  let g = gamma[ch] * is;
  let sh = beta[ch] - mu * g;
  for (var j = lid; j < N; j += WG) {
    let o = ((j / u.inner) * u.c + ch) * u.inner + j % u.inner;
    y[o] = x[o] * g + sh;
  }`,
    groups: (p) => p.c!,
  },
  bn_fwd_eval: {
    writes: ['y'],
    params: [
      { name: 'c', type: 'u32' },
      { name: 'inner', type: 'u32' },
      { name: 'eps', type: 'f32' },
    ],
    body: `
  if (idx >= rt.n * u.c * u.inner) { return; }
  let ch = (idx / u.inner) % u.c;
  let g = gamma[ch] / sqrt(rvar[ch] + u.eps);
  y[idx] = x[idx] * g + (beta[ch] - rmean[ch] * g);`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.inner!),
  },
  bn_bwd: {
    writes: ['dx', 'dgamma', 'dbeta'],
    params: [
      { name: 'c', type: 'u32' },
      { name: 'inner', type: 'u32' },
    ],
    helpers: WG_SUM,
    body: `
  let ch = group;
  if (ch >= u.c) { return; }
  let N = rt.n * u.inner;
  let mu = mean[ch];
  let is = invstd[ch];
  var sdy = 0.0;
  var sdyx = 0.0;
  for (var j = lid; j < N; j += WG) {
    let o = ((j / u.inner) * u.c + ch) * u.inner + j % u.inner;
    let g = dy[o];
    sdy += g;
    sdyx += g * (x[o] - mu) * is;
  }
  sdy = wg_sum(sdy, lid);
  sdyx = wg_sum(sdyx, lid);
  if (lid == 0u) { dgamma[ch] = sdyx; dbeta[ch] = sdy; }
  let k = gamma[ch] * is / f32(N);
  for (var j = lid; j < N; j += WG) {
    let o = ((j / u.inner) * u.c + ch) * u.inner + j % u.inner;
    let xh = (x[o] - mu) * is;
    dx[o] = k * (f32(N) * dy[o] - sdy - xh * sdyx);
  }`,
    groups: (p) => p.c!,
  },
  ln_fwd: {
    writes: ['y', 'mean', 'invstd'],
    params: [
      { name: 'd', type: 'u32' },
      { name: 'len', type: 'u32' },
      { name: 'eps', type: 'f32' },
    ],
    helpers: WG_SUM,
    body: `
  let r = group;
  if (r >= (u.len / u.d) * rt.n) { return; }
  let o = r * u.d;
  var s = 0.0;
  for (var i = lid; i < u.d; i += WG) { s += x[o + i]; }
  let mu = wg_sum(s, lid) / f32(u.d);
  var q = 0.0;
  for (var i = lid; i < u.d; i += WG) { let t = x[o + i] - mu; q += t * t; }
  let is = 1.0 / sqrt(wg_sum(q, lid) / f32(u.d) + u.eps);
  if (lid == 0u) { mean[r] = mu; invstd[r] = is; }
  for (var i = lid; i < u.d; i += WG) { y[o + i] = (x[o + i] - mu) * is * gamma[i] + beta[i]; }`,
    groups: (p, rt) => (p.len! / p.d!) * rt.n,
  },
  ln_bwd: {
    writes: ['dx', 'dgamma', 'dbeta'],
    params: [
      { name: 'd', type: 'u32' },
      { name: 'len', type: 'u32' },
    ],
    helpers: WG_SUM,
    body: `
  let rows = (u.len / u.d) * rt.n;
  if (group >= rows) {
    // Column sums: dgamma[i], dbeta[i] over all rows.
    let i = (group - rows) * WG + lid;
    if (i < u.d) {
      var sg = 0.0;
      var sb = 0.0;
      for (var r = 0u; r < rows; r++) {
        let g = dy[r * u.d + i];
        sg += g * (x[r * u.d + i] - mean[r]) * invstd[r];
        sb += g;
      }
      dgamma[i] = sg;
      dbeta[i] = sb;
    }
    return;
  }
  let r = group;
  let o = r * u.d;
  let mu = mean[r];
  let is = invstd[r];
  var sg = 0.0;
  var sgx = 0.0;
  for (var i = lid; i < u.d; i += WG) {
    let gg = dy[o + i] * gamma[i];
    sg += gg;
    sgx += gg * (x[o + i] - mu) * is;
  }
  sg = wg_sum(sg, lid);
  sgx = wg_sum(sgx, lid);
  let D = f32(u.d);
  for (var i = lid; i < u.d; i += WG) {
    let xh = (x[o + i] - mu) * is;
    dx[o + i] = (is / D) * (D * dy[o + i] * gamma[i] - sg - xh * sgx);
  }`,
    groups: (p, rt) => (p.len! / p.d!) * rt.n + perThread(p.d!),
  },
};
