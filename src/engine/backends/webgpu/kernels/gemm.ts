// C[M,N] (acc ? += : =) op(A) op(B), the WGSL twin of the CPU gemm (same parameters: m n k,
// bm/bk scale m or k by the batch, ta/tb transpose, acc accumulate).
//
// Approach kept: one invocation per element of C, the K loop reading A and B through strides,
// so all four transpose variants the backward pass needs (NN forward, NT for dX = dY W^T, TN
// for dW = X^T dY) are one loop with no branch inside:
//   A(i,kk) = A[i*sa_i + kk*sa_k], (sa_i, sa_k) = ta ? (1, M) : (K, 1)
//   B(kk,j) = B[kk*sb_k + j*sb_j], (sb_k, sb_j) = tb ? (1, K) : (N, 1)
// Consecutive invocations take consecutive j, so B reads coalesce in the NN case.
// Not kept (yet): a 16x16 shared-memory tile with a 4x4 register block per invocation is the
// usual next step on a real GPU (llm.c's matmul_forward2/3); on SwiftShader, the only adapter
// these tests can count on, shared-memory tiling is slower, so it is not chosen by measurement
// here. Bias and activation epilogues are separate kernels (bias_add, act_fwd) because the plan
// emits them as separate calls; fusing them needs a plan-level `gemm` epilogue parameter.

import { type WgslKernel, perThread } from '../kernel';

export const GEMM: Record<string, WgslKernel> = {
  gemm: {
    args: ['a', 'b', 'c'], writes: ['c'],
    params: [
      { name: 'm', type: 'u32' }, { name: 'n', type: 'u32' }, { name: 'k', type: 'u32' },
      { name: 'bm', type: 'u32', def: 0 }, { name: 'bk', type: 'u32', def: 0 },
      { name: 'ta', type: 'u32', def: 0 }, { name: 'tb', type: 'u32', def: 0 }, { name: 'acc', type: 'u32', def: 0 },
    ],
    body: `
  let M = select(u.m, u.m * rt.n, u.bm != 0u);
  let K = select(u.k, u.k * rt.n, u.bk != 0u);
  let N = u.n;
  if (idx >= M * N) { return; }
  let i = idx / N;
  let j = idx % N;
  let ta = u.ta != 0u;
  let tb = u.tb != 0u;
  let sa_i = select(K, 1u, ta);
  let sa_k = select(1u, M, ta);
  let sb_k = select(N, 1u, tb);
  let sb_j = select(1u, K, tb);
  var ia = i * sa_i;
  var ib = j * sb_j;
  var s = 0.0;
  for (var kk = 0u; kk < K; kk++) {
    s += a[ia] * b[ib];
    ia += sa_k;
    ib += sb_k;
  }
  if (u.acc != 0u) { s += c[idx]; }
  c[idx] = s;`,
    groups: (p, rt) => perThread((p.bm ? p.m! * rt.n : p.m!) * p.n!),
  },
};
