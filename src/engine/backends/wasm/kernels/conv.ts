// AssemblyScript: conv2d forward / data gradient / filter gradient as im2col + the packed GEMM
// (gemm.ts), x [C,H,W] and W [O,C,kh,kw] per sample, columns transposed [K, P] (K = C*kh*kw,
// P = oh*ow), per thread in its scratch.
//
// Versions tried (CPU ms per step of the bench CNN, 1 thread, process CPU time, so the machine's
// load counts less than in wall time): im2col [P, K] + the GEMM with a transposing pack of B:
// conv2 forward 33 ms, of which the scalar im2col 9 (25 GFLOP/s in the GEMM itself); columns
// transposed [K, P] (kept): each column row is a shifted copy of an input row (memory.copy at
// stride 1), the forward and data-gradient GEMMs pack without transposing (the data gradient
// becomes dcolT = W^T dY, and its col2im adds whole runs in SIMD), the filter gradient packs B
// with 4x4 register transposes: conv2 forward 22 ms, the whole CNN step 128 -> 103 ms.
//
// Threads: forward and data gradient split the batch (each sample's output is its own rows of
// y / dx); the filter gradient splits dW's rows (or columns), each thread summing over every
// sample in order, so no thread count changes any sum's order. Each thread im2cols into its
// own scratch (the filter gradient redoes the columns per thread: P*K work beside O*P*K/threads).

import { GEMM_SCRATCH, gemmRange, split, rows0, rows1, cols0, cols1 } from './gemm';

// Geometry of the current job, read once from its descriptor.
let C = 0, H = 0, W = 0, O = 0, KH = 0, KW = 0, SH = 0, SW = 0, PT = 0, PL = 0, OH = 0, OW = 0;

/** desc (i32 slots) = [x, w, y, n, c, h, w, o, kh, kw, sh, sw, pt, pl, oh, ow, scratch, stride]. */
function readGeo(desc: usize): void {
  C = load<i32>(desc, 16); H = load<i32>(desc, 20); W = load<i32>(desc, 24); O = load<i32>(desc, 28);
  KH = load<i32>(desc, 32); KW = load<i32>(desc, 36); SH = load<i32>(desc, 40); SW = load<i32>(desc, 44);
  PT = load<i32>(desc, 48); PL = load<i32>(desc, 52); OH = load<i32>(desc, 56); OW = load<i32>(desc, 60);
}

function scratchOf(desc: usize, tid: i32): usize {
  return <usize>load<i32>(desc, 64) + <usize>tid * <usize>load<i32>(desc, 68);
}

/**
 * colT[(c,ky,kx), p] = x[c, oy*sh-pt+ky, ox*sw-pl+kx] (0 outside): the columns transposed, [K, P],
 * so each row is a shifted copy of an input row (one memory.copy at stride 1) and the GEMMs read
 * it without a transposing pack in the forward pass.
 */
function im2colT(x: usize, col: usize): void {
  const P = OH * OW;
  let k = 0;
  for (let c = 0; c < C; c++) {
    const plane = x + (<usize>(c * H * W) << 2);
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++, k++) {
        let dst = col + (<usize>(k * P) << 2);
        // The output columns whose input column is inside the row (stride 1: one run).
        const lo = SW == 1 ? min(OW, max(0, PL - kx)) : 0, hi = SW == 1 ? max(lo, min(OW, W + PL - kx)) : 0;
        for (let oy = 0; oy < OH; oy++, dst += <usize>OW << 2) {
          const iy = oy * SH - PT + ky;
          if (iy < 0 || iy >= H) {
            memory.fill(dst, 0, <usize>OW << 2);
            continue;
          }
          const r = plane + (<usize>(iy * W) << 2);
          if (SW == 1) {
            if (lo > 0) memory.fill(dst, 0, <usize>lo << 2);
            memory.copy(dst + (<usize>lo << 2), r + (<usize>(lo - PL + kx) << 2), <usize>(hi - lo) << 2);
            if (hi < OW) memory.fill(dst + (<usize>hi << 2), 0, <usize>(OW - hi) << 2);
            continue;
          }
          for (let ox = 0; ox < OW; ox++) {
            const ix = ox * SW - PL + kx;
            store<f32>(dst + (<usize>ox << 2), ix >= 0 && ix < W ? load<f32>(r + (<usize>ix << 2)) : 0);
          }
        }
      }
    }
  }
}

/** dx[c, iy, ix] = sum of dcolT over the windows that read it: the adjoint of im2colT. */
function col2imT(dcol: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(C * H * W) << 2);
  const P = OH * OW;
  let k = 0;
  for (let c = 0; c < C; c++) {
    const plane = dx + (<usize>(c * H * W) << 2);
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++, k++) {
        let src = dcol + (<usize>(k * P) << 2);
        const lo = SW == 1 ? min(OW, max(0, PL - kx)) : 0, hi = SW == 1 ? max(lo, min(OW, W + PL - kx)) : 0;
        for (let oy = 0; oy < OH; oy++, src += <usize>OW << 2) {
          const iy = oy * SH - PT + ky;
          if (iy < 0 || iy >= H) continue;
          const r = plane + (<usize>(iy * W) << 2);
          if (SW == 1) {
            const d = r + (<usize>(lo - PL + kx) << 2), s0 = src + (<usize>lo << 2), n = hi - lo;
            let j = 0;
            for (; j + 4 <= n; j += 4) {
              const o = <usize>j << 2;
              v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s0 + o)));
            }
            for (; j < n; j++) {
              const o = <usize>j << 2;
              store<f32>(d + o, load<f32>(d + o) + load<f32>(s0 + o));
            }
            continue;
          }
          for (let ox = 0; ox < OW; ox++) {
            const ix = ox * SW - PL + kx;
            if (ix >= 0 && ix < W) {
              const d = r + (<usize>ix << 2);
              store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ox << 2)));
            }
          }
        }
      }
    }
  }
}

/** Samples [s0, s1) of n owned by thread tid of nt (contiguous blocks). */
function sampleRange(n: i32, tid: i32, nt: i32): i32 {
  const per = (n + nt - 1) / nt;
  return min(n, tid * per) | (min(n, tid * per + per) << 16);
}

/** y_s[O,P] = W[O,K] . colT_s[K,P]. */
export function conv_fwd_job(desc: usize, tid: i32, nt: i32): void {
  readGeo(desc);
  const x = <usize>load<i32>(desc), w = <usize>load<i32>(desc, 4), y = <usize>load<i32>(desc, 8), n = load<i32>(desc, 12);
  const P = OH * OW, K = C * KH * KW, ws = scratchOf(desc, tid), col = ws + (<usize>GEMM_SCRATCH << 2);
  const r = sampleRange(n, tid, nt);
  for (let s = r & 0xffff; s < r >>> 16; s++) {
    im2colT(x + (<usize>(s * C * H * W) << 2), col);
    gemmRange(O, P, K, w, false, col, false, y + (<usize>(s * O * P) << 2), false, 0, O, 0, P, ws);
  }
}

/** dcolT_s[K,P] = W[O,K]^T . dY_s[O,P], then col2imT into dx_s. */
export function conv_bwd_data_job(desc: usize, tid: i32, nt: i32): void {
  readGeo(desc);
  const dy = <usize>load<i32>(desc), w = <usize>load<i32>(desc, 4), dx = <usize>load<i32>(desc, 8), n = load<i32>(desc, 12);
  const P = OH * OW, K = C * KH * KW, ws = scratchOf(desc, tid), dcol = ws + (<usize>GEMM_SCRATCH << 2);
  const r = sampleRange(n, tid, nt);
  for (let s = r & 0xffff; s < r >>> 16; s++) {
    gemmRange(K, P, O, w, true, dy + (<usize>(s * O * P) << 2), false, dcol, false, 0, K, 0, P, ws);
    col2imT(dcol, dx + (<usize>(s * C * H * W) << 2));
  }
}

/** dW[O,K] = sum over samples, in order, of dY_s[O,P] . colT_s[K,P]^T; this thread's rows/columns. */
export function conv_bwd_filter_job(desc: usize, tid: i32, nt: i32): void {
  readGeo(desc);
  const x = <usize>load<i32>(desc), dy = <usize>load<i32>(desc, 4), dw = <usize>load<i32>(desc, 8), n = load<i32>(desc, 12);
  const P = OH * OW, K = C * KH * KW, ws = scratchOf(desc, tid), col = ws + (<usize>GEMM_SCRATCH << 2);
  split(O, K, tid, nt);
  const i0 = rows0(), i1 = rows1(), j0 = cols0(), j1 = cols1();
  if (n == 0) {
    for (let i = i0; i < i1; i++) memory.fill(dw + (<usize>(i * K + j0) << 2), 0, <usize>(j1 - j0) << 2);
    return;
  }
  for (let s = 0; s < n; s++) {
    im2colT(x + (<usize>(s * C * H * W) << 2), col);
    gemmRange(O, K, P, dy + (<usize>(s * O * P) << 2), false, col, true, dw, s > 0, i0, i1, j0, j1, ws);
  }
}
