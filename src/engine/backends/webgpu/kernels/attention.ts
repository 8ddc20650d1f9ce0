// WGSL twins of the sequence kernels (backends/cpu/attention.ts is the specification).
//
// Approach: one invocation per output element (or per softmax row), each looping over its
// reduction in a fixed order, so every result is deterministic and needs no atomics (WGSL has
// no f32 atomics). The embedding's scatter-add gradient is the transpose view of that: one
// invocation per (vocabulary row, column) scans every position of the batch and sums the dy of
// those holding its id, in position order as the CPU does: O(V·D·N·T) reads, which for the
// sizes of this project's models (V·D ≤ 64k, N·T ≤ 4k) costs less than the matmuls around it;
// a sort or a per-id position list would be faster at large vocabularies but needs a second
// pass and scratch. Attention's softmax rows keep their raw scores in p while finding the
// maximum (no workgroup memory), then exponentiate and normalise in place. The mask is
// re-tested in each pass rather than trusting exp(-inf) = 0 on every driver; a row with every
// key masked is written as zeros, as on the CPU. Shared-memory tiling of the q·k and p·v
// products was not tried: it is slower under SwiftShader (TESTING-NOTES) and the sizes are small.

import { type WgslFamily, perThread } from '../kernel';
import { NEG_INF } from './common';

const TDH = [
  { name: 't', type: 'u32' },
  { name: 'd', type: 'u32' },
  { name: 'h', type: 'u32' },
] as const;

const ROW = 'u32(clamp(floor(ids[i]), 0.0, f32(u.v - 1u)))';

export const ATTENTION: WgslFamily<
  | 'embed_fwd'
  | 'embed_bwd'
  | 'pos_grad'
  | 'attn_scores_fwd'
  | 'attn_scores_bwd'
  | 'attn_apply_fwd'
  | 'attn_apply_bwd_p'
  | 'attn_apply_bwd_v'
> = {
  embed_fwd: {
    writes: ['y'],
    params: [
      { name: 't', type: 'u32' },
      { name: 'd', type: 'u32' },
      { name: 'v', type: 'u32' },
    ],
    body: `
  if (idx >= rt.n * u.t * u.d) { return; }
  let i = idx / u.d;
  let r = ${ROW};
  y[idx] = w[r * u.d + idx % u.d];`,
    groups: (p, rt) => perThread(rt.n * p.t * p.d),
  },
  embed_bwd: {
    writes: ['dw'],
    params: [
      { name: 't', type: 'u32' },
      { name: 'd', type: 'u32' },
      { name: 'v', type: 'u32' },
      { name: 'pad', type: 'i32' },
    ],
    body: `
  if (idx >= u.v * u.d) { return; }
  let row = idx / u.d;
  let j = idx % u.d;
  var s = 0.0;
  if (i32(row) != u.pad) {
    for (var i = 0u; i < rt.n * u.t; i++) {
      if (${ROW} == row) { s += dy[i * u.d + j]; }
    }
  }
  dw[idx] = s;`,
    groups: (p) => perThread(p.v * p.d),
  },
  pos_grad: {
    writes: ['dw'],
    params: [
      { name: 'len', type: 'u32' },
      { name: 'total', type: 'u32' },
    ],
    body: `
  if (idx >= u.total) { return; }
  var s = 0.0;
  if (idx < u.len) {
    for (var n = 0u; n < rt.n; n++) { s += dy[n * u.len + idx]; }
  }
  dw[idx] = s;`,
    groups: (p) => perThread(p.total),
  },
  attn_scores_fwd: {
    writes: ['p'],
    params: [
      ...TDH,
      { name: 'scale', type: 'f32' },
      { name: 'causal', type: 'u32', def: 0 },
      { name: 'masked', type: 'u32', def: 0 },
      { name: 'shift', type: 'u32', def: 0 },
    ],
    helpers: NEG_INF,
    body: `
  if (idx >= rt.n * u.h * u.t) { return; }
  let q = idx % u.t;
  let hh = (idx / u.t) % u.h;
  let n = idx / (u.t * u.h);
  let dh = u.d / u.h;
  let w = 3u * u.d;
  let row = idx * u.t;
  var mx = neg_inf();
  var seen = false;
  for (var k = 0u; k < u.t; k++) {
    let off = (u.causal != 0u && k > q) || (u.masked != 0u && k >= u.shift && ids[n * (u.t - u.shift) + k - u.shift] == 0.0);
    var s = 0.0;
    if (!off) {
      for (var j = 0u; j < dh; j++) { s += qkv[(n * u.t + q) * w + hh * dh + j] * qkv[(n * u.t + k) * w + u.d + hh * dh + j]; }
      s *= u.scale;
      mx = select(s, max(mx, s), seen);
      seen = true;
    }
    p[row + k] = s;
  }
  var sum = 0.0;
  for (var k = 0u; k < u.t; k++) {
    let off = (u.causal != 0u && k > q) || (u.masked != 0u && k >= u.shift && ids[n * (u.t - u.shift) + k - u.shift] == 0.0);
    var e = 0.0;
    if (!off) { e = exp(p[row + k] - mx); }
    p[row + k] = e;
    sum += e;
  }
  for (var k = 0u; k < u.t; k++) { p[row + k] = select(0.0, p[row + k] / sum, sum > 0.0); }`,
    groups: (p, rt) => perThread(rt.n * p.h * p.t),
  },
  attn_scores_bwd: {
    writes: ['dqkv'],
    params: [...TDH, { name: 'scale', type: 'f32' }],
    body: `
  let w = 3u * u.d;
  if (idx >= rt.n * u.t * w) { return; }
  let c = idx % w;
  let s = (idx / w) % u.t;
  let n = idx / (w * u.t);
  let dh = u.d / u.h;
  var acc = 0.0;
  if (c < 2u * u.d) {
    let key = c >= u.d;
    let cc = select(c, c - u.d, key);
    let base = (n * u.h + cc / dh) * u.t * u.t;
    let col = select(u.d + cc, cc, key);
    for (var v = 0u; v < u.t; v++) {
      let g = select(ds[base + s * u.t + v], ds[base + v * u.t + s], key);
      acc += g * qkv[(n * u.t + v) * w + col];
    }
    acc *= u.scale;
  }
  dqkv[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.t * 3 * p.d),
  },
  attn_apply_fwd: {
    writes: ['y'],
    params: TDH,
    body: `
  if (idx >= rt.n * u.t * u.d) { return; }
  let c = idx % u.d;
  let q = (idx / u.d) % u.t;
  let n = idx / (u.d * u.t);
  let w = 3u * u.d;
  let row = ((n * u.h + c / (u.d / u.h)) * u.t + q) * u.t;
  var acc = 0.0;
  for (var k = 0u; k < u.t; k++) { acc += p[row + k] * qkv[(n * u.t + k) * w + 2u * u.d + c]; }
  y[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.t * p.d),
  },
  attn_apply_bwd_p: {
    writes: ['dp'],
    params: TDH,
    body: `
  if (idx >= rt.n * u.h * u.t * u.t) { return; }
  let k = idx % u.t;
  let q = (idx / u.t) % u.t;
  let hh = (idx / (u.t * u.t)) % u.h;
  let n = idx / (u.t * u.t * u.h);
  let dh = u.d / u.h;
  let w = 3u * u.d;
  var acc = 0.0;
  for (var j = 0u; j < dh; j++) { acc += dy[(n * u.t + q) * u.d + hh * dh + j] * qkv[(n * u.t + k) * w + 2u * u.d + hh * dh + j]; }
  dp[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.h * p.t * p.t),
  },
  attn_apply_bwd_v: {
    writes: ['dqkv'],
    params: TDH,
    body: `
  let w = 3u * u.d;
  if (idx >= rt.n * u.t * w) { return; }
  let c = idx % w;
  let s = (idx / w) % u.t;
  let n = idx / (w * u.t);
  var acc = 0.0;
  if (c >= 2u * u.d) {
    let cc = c - 2u * u.d;
    let base = (n * u.h + cc / (u.d / u.h)) * u.t * u.t;
    for (var q = 0u; q < u.t; q++) { acc += p[base + q * u.t + s] * dy[(n * u.t + q) * u.d + cc]; }
  }
  dqkv[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.t * 3 * p.d),
  },
};
