// Fused attention (flash-attention style), the backend's own kernels: not in the contract, put
// in place of the attn_scores / attn_apply calls by fuse-attention.ts, which says when.
//
// The unfused kernels (attention.ts) write p [n, h, t, t] and read it back; these never store
// it. Forward: one invocation per (sample, head, query) walks the keys once with an online
// softmax (running max m, running sum l, the output accumulator rescaled by exp(m_old - m_new)),
// and writes y and the row's log-sum-exp m + log l, which is all the backward needs to rebuild
// any P_ij = exp(s_ij - lse_i). The lse goes into the first n·h·t floats of the p slice the
// plan allocated, so no buffer is added.
// Backward, from dO (dy), q k v and lse, with D_i = sum_j P_ij dP_ij and dP_ij = dO_i · v_j:
//  - flash_bwd_q, per query: one pass over the keys accumulates D_i, A = sum P dP k and
//    B = sum P k, so dq_i = scale (A - D_i B) (= scale sum_j P_ij (dP_ij - D_i) k_j) needs no
//    second pass; it writes dq and D_i (into the dp temp the plan allocated);
//  - flash_bwd_kv, per key: a pass over the queries gives dv_j = sum_i P_ij dO_i and
//    dk_j = scale sum_i P_ij (dP_ij - D_i) q_i.
// Each writes exactly what the unfused calls wrote to their outputs ([dq, dk, 0] for the
// scores' gradient, [0, 0, dv] for the apply's), so the reverse pass's sum is unchanged.
// Masks are tested per key as in attention.ts (never trusting exp(-inf) = 0); a row with every
// key masked contributes nothing and its y is zeros, as on the CPU.
// Head width at most MAX_DH (private accumulators). Not tried for lack of a real GPU to measure
// it on: keys and values staged in workgroup memory tiles shared by a workgroup's queries (on
// SwiftShader and lavapipe tiles are slower, TESTING-NOTES).

import { type WgslKernel, perThread } from '../kernel';

/** Largest head width (d / h) the fused kernels take. */
export const MAX_DH = 64;

const PARAMS = [
  { name: 't', type: 'u32' },
  { name: 'd', type: 'u32' },
  { name: 'h', type: 'u32' },
  { name: 'scale', type: 'f32' },
  { name: 'causal', type: 'u32', def: 0 },
  { name: 'masked', type: 'u32', def: 0 },
  { name: 'shift', type: 'u32', def: 0 },
] as const;

const MASK = /* wgsl */ `
const MAXDH: u32 = ${MAX_DH}u;
fn off(n: u32, q: u32, k: u32) -> bool {
  return (u.causal != 0u && k > q) || (u.masked != 0u && k >= u.shift && ids[n * (u.t - u.shift) + k - u.shift] == 0.0);
}
`;

/** Row of this invocation: query (or key) position, head, sample, and the head's offsets. */
const ROW = `
  if (idx >= rt.n * u.h * u.t) { return; }
  let pos = idx % u.t;
  let hh = (idx / u.t) % u.h;
  let n = idx / (u.t * u.h);
  let dh = u.d / u.h;
  let w = 3u * u.d;
  let base = (idx / u.t) * u.t; // (n * h + hh) * t: this head's rows of lse and D
  let me = (n * u.t + pos) * w + hh * dh;
  let ome = (n * u.t + pos) * u.d + hh * dh;`;

const groups = (p: Record<string, number>, rt: { n: number }) => perThread(rt.n * p.h! * p.t!);

export const FLASH_KERNELS: Record<'flash_fwd' | 'flash_bwd_q' | 'flash_bwd_kv', WgslKernel> = {
  flash_fwd: {
    args: ['qkv', 'ids', 'y', 'lse'],
    writes: ['y', 'lse'],
    params: PARAMS,
    helpers: MASK,
    body: `${ROW}
  var acc: array<f32, MAXDH>;
  var m = 0.0;
  var l = 0.0;
  var seen = false;
  for (var k = 0u; k < u.t; k++) {
    if (off(n, pos, k)) { continue; }
    let ko = (n * u.t + k) * w + u.d + hh * dh;
    var s = 0.0;
    for (var j = 0u; j < dh; j++) { s += qkv[me + j] * qkv[ko + j]; }
    s *= u.scale;
    let mn = select(s, max(m, s), seen);
    let corr = select(0.0, exp(m - mn), seen);
    let e = exp(s - mn);
    l = l * corr + e;
    for (var j = 0u; j < dh; j++) { acc[j] = acc[j] * corr + e * qkv[ko + u.d + j]; }
    m = mn;
    seen = true;
  }
  for (var j = 0u; j < dh; j++) { y[ome + j] = select(0.0, acc[j] / l, seen); }
  lse[idx] = select(0.0, m + log(l), seen);`,
    groups,
  },
  flash_bwd_q: {
    args: ['qkv', 'ids', 'dy', 'lse', 'dd', 'dqkv'],
    writes: ['dd', 'dqkv'],
    params: PARAMS,
    helpers: MASK,
    body: `${ROW}
  var a: array<f32, MAXDH>;
  var b: array<f32, MAXDH>;
  var D = 0.0;
  let L = lse[idx];
  for (var k = 0u; k < u.t; k++) {
    if (off(n, pos, k)) { continue; }
    let ko = (n * u.t + k) * w + u.d + hh * dh;
    var s = 0.0;
    var dp = 0.0;
    for (var j = 0u; j < dh; j++) {
      s += qkv[me + j] * qkv[ko + j];
      dp += dy[ome + j] * qkv[ko + u.d + j];
    }
    let p = exp(s * u.scale - L);
    D += p * dp;
    for (var j = 0u; j < dh; j++) { a[j] += p * dp * qkv[ko + j]; b[j] += p * qkv[ko + j]; }
  }
  for (var j = 0u; j < dh; j++) { dqkv[me + j] = u.scale * (a[j] - D * b[j]); }
  dd[idx] = D;`,
    groups,
  },
  flash_bwd_kv: {
    args: ['qkv', 'ids', 'dy', 'lse', 'dd', 'dqkv', 'dv'],
    writes: ['dqkv', 'dv'],
    params: PARAMS,
    helpers: MASK,
    body: `${ROW}
  var gk: array<f32, MAXDH>;
  var gv: array<f32, MAXDH>;
  let ko = me + u.d;
  for (var q = 0u; q < u.t; q++) {
    if (off(n, q, pos)) { continue; }
    let qo = (n * u.t + q) * w + hh * dh;
    let oo = (n * u.t + q) * u.d + hh * dh;
    var s = 0.0;
    var dp = 0.0;
    for (var j = 0u; j < dh; j++) {
      s += qkv[qo + j] * qkv[ko + j];
      dp += dy[oo + j] * qkv[ko + u.d + j];
    }
    let p = exp(s * u.scale - lse[base + q]);
    let ds = p * (dp - dd[base + q]);
    for (var j = 0u; j < dh; j++) { gv[j] += p * dy[oo + j]; gk[j] += ds * qkv[qo + j]; }
  }
  for (var j = 0u; j < dh; j++) {
    dqkv[ko + j] = u.scale * gk[j];
    dqkv[ko + u.d + j] = 0.0;
    dv[me + j] = 0.0;
    dv[ko + j] = 0.0;
    dv[ko + u.d + j] = gv[j];
  }`,
    groups,
  },
};
