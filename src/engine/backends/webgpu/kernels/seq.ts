// Sequence pooling and the prepended (cls) token: the WGSL twins of backends/cpu/seq.ts.
//
// Approach: seqpool, a thread per (sample, feature) looping over the t positions (the mask and
// the last counted position are found by the same loop the CPU runs; t is a sequence length, so
// the loop is short); its backward the same threads writing their column of dx. prepend_fwd a
// thread per output element; prepend_bwd a thread per dx element plus d threads that sum dc over
// the batch (the batch is small: no tree reduction needed).

import { type WgslFamily, perThread } from '../kernel';
import { POOL } from '../../../kernels/codes';

const POOL_PARAMS = [
  { name: 't', type: 'u32' },
  { name: 'd', type: 'u32' },
  { name: 'mode', type: 'u32' },
  { name: 'masked', type: 'u32', def: 0 },
  { name: 'shift', type: 'u32', def: 0 },
] as const;

const TD = [
  { name: 't', type: 'u32' },
  { name: 'd', type: 'u32' },
] as const;

// pooled(b): the first position and count (mean), or the one position (last, first); -1: none.
const HELPERS = /* wgsl */ `
fn counts(b: u32, j: u32) -> bool {
  if (u.masked == 0u || j < u.shift) { return true; }
  return tok[b * (u.t - u.shift) + j - u.shift] != 0.0;
}
fn last_pos(b: u32) -> i32 {
  for (var j = i32(u.t) - 1; j >= 0; j--) { if (counts(b, u32(j))) { return j; } }
  return -1;
}
fn mean_count(b: u32) -> u32 {
  var c = 0u;
  for (var j = 0u; j < u.t; j++) { if (counts(b, j)) { c++; } }
  return c;
}
`;

export const SEQ: WgslFamily<'seqpool_fwd' | 'seqpool_bwd' | 'prepend_fwd' | 'prepend_bwd'> = {
  seqpool_fwd: {
    writes: ['y'],
    params: POOL_PARAMS,
    helpers: HELPERS,
    body: `
  if (idx >= rt.n * u.d) { return; }
  let b = idx / u.d;
  let d = idx % u.d;
  let o = b * u.t * u.d + d;
  var s = 0.0;
  if (u.mode == ${POOL.first}u) {
    s = x[o];
  } else if (u.mode == ${POOL.last}u) {
    let j = last_pos(b);
    if (j >= 0) { s = x[o + u32(j) * u.d]; }
  } else {
    let c = mean_count(b);
    for (var j = 0u; j < u.t; j++) { if (counts(b, j)) { s += x[o + j * u.d]; } }
    if (c > 0u) { s = s / f32(c); }
  }
  y[idx] = s;`,
    groups: (p, rt) => perThread(rt.n * p.d!),
  },
  seqpool_bwd: {
    writes: ['dx'],
    params: POOL_PARAMS,
    helpers: HELPERS,
    body: `
  if (idx >= rt.n * u.d) { return; }
  let b = idx / u.d;
  let d = idx % u.d;
  let o = b * u.t * u.d + d;
  let g = dy[idx];
  for (var j = 0u; j < u.t; j++) { dx[o + j * u.d] = 0.0; }
  if (u.mode == ${POOL.first}u) {
    dx[o] = g;
  } else if (u.mode == ${POOL.last}u) {
    let j = last_pos(b);
    if (j >= 0) { dx[o + u32(j) * u.d] = g; }
  } else {
    let c = mean_count(b);
    if (c == 0u) { return; }
    let w = 1.0 / f32(c);
    for (var j = 0u; j < u.t; j++) { if (counts(b, j)) { dx[o + j * u.d] = w * g; } }
  }`,
    groups: (p, rt) => perThread(rt.n * p.d!),
  },
  prepend_fwd: {
    writes: ['y'],
    params: TD,
    body: `
  let per = (u.t + 1u) * u.d;
  if (idx >= rt.n * per) { return; }
  let b = idx / per;
  let r = idx % per;
  if (r < u.d) { y[idx] = c[r]; } else { y[idx] = x[b * u.t * u.d + r - u.d]; }`,
    groups: (p, rt) => perThread(rt.n * (p.t! + 1) * p.d!),
  },
  prepend_bwd: {
    writes: ['dx', 'dc'],
    params: TD,
    body: `
  let m = rt.n * u.t * u.d;
  if (idx < m) {
    let b = idx / (u.t * u.d);
    dx[idx] = dy[idx + (b + 1u) * u.d];
    return;
  }
  let d = idx - m;
  if (d >= u.d) { return; }
  var s = 0.0;
  for (var b = 0u; b < rt.n; b++) { s += dy[b * (u.t + 1u) * u.d + d]; }
  dc[d] = s;`,
    groups: (p, rt) => perThread(rt.n * p.t! * p.d! + p.d!),
  },
};
