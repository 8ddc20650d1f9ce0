// Matrix multiply on Float32Array, the kernel every dense and conv layer spends its time in.
//
// Versions tried (GFLOP/s on one core of the dev machine, Node 20; shapes of the benchmark's
// layers: 64x512x784, 64x256x288, 32x1024x27, 784x512x64):
//  1. naive i-j-k dot product: ~0.5 (B read down a column, cache misses).
//  2. i-k-j axpy over 4 rows of C: 0.7-1.4 (C rows reloaded and stored at every k).
//  3. 2x4 register tile on packed operands: 2.4-2.6.
//  4. kept: both operands packed so the reduction axis is contiguous ("NT" form), then a 4x4
//     tile of 16 accumulators per k step (8 loads for 16 multiply-adds), blocked over K and over
//     columns so the B panel stays in L2: 2.5-2.7 on every shape. Packing is O(MK + NK), small
//     beside the O(MNK) product. Wider tiles spill registers in V8.

import type { Workspace } from './workspace';

const KB = 256; // reduction block
const JB = 64; // column block (rows of packed B)

/** out[c, r] = src[r, c] for a rows x cols matrix. */
export function transpose(src: Float32Array, sOff: number, rows: number, cols: number, out: Float32Array): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let r = r0; r < r1; r++) {
        const s = sOff + r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = src[s + c]!;
      }
    }
  }
}

/**
 * C[M,N] (acc ? += : =) op(A) op(B), row-major.
 * op(A) is A [M,K] (ta false) or the transpose of A stored [K,M]; op(B) is B [K,N] (tb false)
 * or the transpose of B stored [N,K].
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  ta: boolean,
  B: Float32Array,
  bOff: number,
  tb: boolean,
  C: Float32Array,
  cOff: number,
  acc: boolean,
  ws: Workspace,
): void {
  let a = A,
    ao = aOff,
    b = B,
    bo = bOff;
  if (ta) {
    a = ws.get(0, M * K);
    transpose(A, aOff, K, M, a);
    ao = 0;
  }
  if (!tb) {
    b = ws.get(1, N * K);
    transpose(B, bOff, K, N, b);
    bo = 0;
  }
  gemmNT(M, N, K, a, ao, b, bo, C, cOff, acc);
}

/** C[M,N] (+)= A[M,K] · B[N,K]^T: both operands contiguous along K. */
export function gemmNT(
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  B: Float32Array,
  bOff: number,
  C: Float32Array,
  cOff: number,
  acc: boolean,
): void {
  if (!acc) C.fill(0, cOff, cOff + M * N);
  if (K === 0) return;
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let k0 = 0; k0 < K; k0 += KB) {
    const k1 = Math.min(K, k0 + KB);
    for (let j0 = 0; j0 < N; j0 += JB) {
      const j1 = Math.min(N, j0 + JB);
      const j14 = Math.min(j1, N4);
      for (let i = 0; i < M4; i += 4) {
        const a0 = aOff + i * K,
          a1 = a0 + K,
          a2 = a1 + K,
          a3 = a2 + K;
        const c0 = cOff + i * N,
          c1 = c0 + N,
          c2 = c1 + N,
          c3 = c2 + N;
        let j = j0;
        for (; j < j14; j += 4) {
          const b0 = bOff + j * K,
            b1 = b0 + K,
            b2 = b1 + K,
            b3 = b2 + K;
          let s00 = 0,
            s01 = 0,
            s02 = 0,
            s03 = 0,
            s10 = 0,
            s11 = 0,
            s12 = 0,
            s13 = 0;
          let s20 = 0,
            s21 = 0,
            s22 = 0,
            s23 = 0,
            s30 = 0,
            s31 = 0,
            s32 = 0,
            s33 = 0;
          for (let k = k0; k < k1; k++) {
            const x0 = A[a0 + k]!,
              x1 = A[a1 + k]!,
              x2 = A[a2 + k]!,
              x3 = A[a3 + k]!;
            const y0 = B[b0 + k]!,
              y1 = B[b1 + k]!,
              y2 = B[b2 + k]!,
              y3 = B[b3 + k]!;
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
            s20 += x2 * y0;
            s21 += x2 * y1;
            s22 += x2 * y2;
            s23 += x2 * y3;
            s30 += x3 * y0;
            s31 += x3 * y1;
            s32 += x3 * y2;
            s33 += x3 * y3;
          }
          C[c0 + j] += s00;
          C[c0 + j + 1] += s01;
          C[c0 + j + 2] += s02;
          C[c0 + j + 3] += s03;
          C[c1 + j] += s10;
          C[c1 + j + 1] += s11;
          C[c1 + j + 2] += s12;
          C[c1 + j + 3] += s13;
          C[c2 + j] += s20;
          C[c2 + j + 1] += s21;
          C[c2 + j + 2] += s22;
          C[c2 + j + 3] += s23;
          C[c3 + j] += s30;
          C[c3 + j + 1] += s31;
          C[c3 + j + 2] += s32;
          C[c3 + j + 3] += s33;
        }
        for (; j < j1; j++) {
          const b0 = bOff + j * K;
          let s0 = 0,
            s1 = 0,
            s2 = 0,
            s3 = 0;
          for (let k = k0; k < k1; k++) {
            const y = B[b0 + k]!;
            s0 += A[a0 + k]! * y;
            s1 += A[a1 + k]! * y;
            s2 += A[a2 + k]! * y;
            s3 += A[a3 + k]! * y;
          }
          C[c0 + j] += s0;
          C[c1 + j] += s1;
          C[c2 + j] += s2;
          C[c3 + j] += s3;
        }
      }
      for (let i = M4; i < M; i++) {
        const a0 = aOff + i * K;
        const c0 = cOff + i * N;
        for (let j = j0; j < j1; j++) {
          const b0 = bOff + j * K;
          let s = 0;
          for (let k = k0; k < k1; k++) s += A[a0 + k]! * B[b0 + k]!;
          C[c0 + j] += s;
        }
      }
    }
  }
}
