// C[M,N] (acc ? += : =) op(A) op(B), the WGSL twin of the CPU gemm (same parameters: m n k,
// bm/bk scale m or k by the batch, ta/tb transpose, acc accumulate).
//
// All four transpose variants the backward pass needs (NN forward, NT for dX = dY W^T, TN for
// dW = X^T dY) are one loop with no branch inside, reading A and B through strides:
//   A(i,kk) = A[i*sa_i + kk*sa_k], (sa_i, sa_k) = ta ? (1, M) : (K, 1)
//   B(kk,j) = B[kk*sb_k + j*sb_j], (sb_k, sb_j) = tb ? (1, K) : (N, 1)
//
// Versions tried (bench/webgpu-node.ts and bench/webgpu-browser.ts; lavapipe and SwiftShader on
// 2 cores, where only ratios mean anything):
//  1. one invocation per element of C, strided K loop: 0.3 GFLOP/s on lavapipe at 512-1024
//     (2 loads per multiply-add; the emulators are load-bound).
//  2. kept: a 4x4 block of C per invocation, 16 accumulators in four vec4s; per k step 4 loads
//     of A and 4 of B feed 16 multiply-adds (4x fewer loads per FLOP). Edge blocks clamp their
//     row/column indices (reads stay in range, no branch in the loop) and guard the stores.
//     Consecutive invocations take consecutive 4-column blocks, so in the NN case a warp reads
//     B rows contiguously and A values are shared (broadcast) across it.
// Shared-memory tiling (workgroup tiles of A and B with barriers) is slower on SwiftShader and
// lavapipe (barriers are emulated): this kernel stays theirs, and hardware adapters get
// gemm-tiled.ts / gemm-splitk.ts by shape (variants.ts; docs/webgpu.md "Which gemm runs").
// Bias and activation epilogues are separate kernels (bias_act) because the plan emits them as
// separate calls.

import { type WgslFamily, perThread } from '../kernel';

/** 4x4 blocks of an m x n product. */
export const blocks = (m: number, n: number): number => Math.ceil(m / 4) * Math.ceil(n / 4);

/** The WGSL that opens a 4x4-block gemm: the sizes, the block of C that invocation (or workgroup)
 *  `block` computes (returning past the last one), the operands' strides, and the clamped row and
 *  column offsets pa0..3 / pb0..3. gemm-splitk.ts opens with it too. */
export const blockPrelude = (block: string): string => /* wgsl */ `
  let M = select(u.m, u.m * rt.n, u.bm != 0u);
  let K = select(u.k, u.k * rt.n, u.bk != 0u);
  let N = u.n;
  let nb = (N + 3u) / 4u;
  if (M == 0u || ${block} >= ((M + 3u) / 4u) * nb) { return; }
  let i0 = (${block} / nb) * 4u;
  let j0 = (${block} % nb) * 4u;
  let ta = u.ta != 0u;
  let tb = u.tb != 0u;
  let sa_i = select(K, 1u, ta);
  let sa_k = select(1u, M, ta);
  let sb_k = select(N, 1u, tb);
  let sb_j = select(1u, K, tb);
  // Clamped rows / columns: an edge block recomputes the last one and does not store it.
  let pa0 = i0 * sa_i;
  let pa1 = min(i0 + 1u, M - 1u) * sa_i;
  let pa2 = min(i0 + 2u, M - 1u) * sa_i;
  let pa3 = min(i0 + 3u, M - 1u) * sa_i;
  let pb0 = j0 * sb_j;
  let pb1 = min(j0 + 1u, N - 1u) * sb_j;
  let pb2 = min(j0 + 2u, N - 1u) * sb_j;
  let pb3 = min(j0 + 3u, N - 1u) * sb_j;
`;

export const GEMM: WgslFamily<'gemm'> = {
  gemm: {
    writes: ['c'],
    params: [
      { name: 'm', type: 'u32' },
      { name: 'n', type: 'u32' },
      { name: 'k', type: 'u32' },
      { name: 'bm', type: 'u32', def: 0 },
      { name: 'bk', type: 'u32', def: 0 },
      { name: 'ta', type: 'u32', def: 0 },
      { name: 'tb', type: 'u32', def: 0 },
      { name: 'acc', type: 'u32', def: 0 },
    ],
    body: `${blockPrelude('idx')}  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  var ka = 0u;
  var kb = 0u;
  for (var kk = 0u; kk < K; kk++) {
    let bv = vec4f(b[pb0 + kb], b[pb1 + kb], b[pb2 + kb], b[pb3 + kb]);
    r0 += a[pa0 + ka] * bv;
    r1 += a[pa1 + ka] * bv;
    r2 += a[pa2 + ka] * bv;
    r3 += a[pa3 + ka] * bv;
    ka += sa_k;
    kb += sb_k;
  }
  var rows = array<vec4f, 4>(r0, r1, r2, r3);
  for (var r = 0u; r < 4u; r++) {
    let i = i0 + r;
    if (i >= M) { break; }
    for (var q = 0u; q < 4u; q++) {
      let j = j0 + q;
      if (j >= N) { break; }
      var s = rows[r][q];
      if (u.acc != 0u) { s += c[i * N + j]; }
      c[i * N + j] = s;
    }
  }`,
    groups: (p, rt) => perThread(blocks(p.bm ? p.m! * rt.n : p.m!, p.n!)),
  },
};
