// AssemblyScript: conv2d forward / data gradient / filter gradient as im2col + the packed GEMM
// (gemm.ts), x [C,H,W] and W [O,C,kh,kw] per sample, columns [P, K] (P = oh*ow, K = C*kh*kw).
//
// Versions tried: im2col into the packed GEMM (kept): the GEMM's packing already reorders the
// columns for the SIMD tile, so the only extra traffic is the P*K column matrix, which for the
// sample CNN's layers (P*K <= 1024*27 and 256*288 floats) stays in L2 per thread. A direct
// convolution was not written: with C*kh*kw between 27 and 288 the GEMM's K is long enough
// for the register tile, and the GEMM is the measured kernel (docs/cpu-backend.md).
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

/** col[p, (c,ky,kx)] = x[c, oy*sh-pt+ky, ox*sw-pl+kx] (0 outside). */
function im2col(x: usize, col: usize): void {
  let k = col;
  for (let oy = 0; oy < OH; oy++) {
    const y0 = oy * SH - PT;
    for (let ox = 0; ox < OW; ox++) {
      const x0 = ox * SW - PL;
      for (let c = 0; c < C; c++) {
        const plane = x + (<usize>(c * H * W) << 2);
        for (let ky = 0; ky < KH; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= H) {
            memory.fill(k, 0, <usize>KW << 2);
            k += <usize>KW << 2;
            continue;
          }
          const r = plane + (<usize>(iy * W) << 2);
          for (let kx = 0; kx < KW; kx++) {
            const ix = x0 + kx;
            store<f32>(k, ix >= 0 && ix < W ? load<f32>(r + (<usize>ix << 2)) : 0);
            k += 4;
          }
        }
      }
    }
  }
}

/** dx[c, iy, ix] = sum of dcol over the windows that read it: the adjoint of im2col. */
function col2im(dcol: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(C * H * W) << 2);
  let k = dcol;
  for (let oy = 0; oy < OH; oy++) {
    const y0 = oy * SH - PT;
    for (let ox = 0; ox < OW; ox++) {
      const x0 = ox * SW - PL;
      for (let c = 0; c < C; c++) {
        const plane = dx + (<usize>(c * H * W) << 2);
        for (let ky = 0; ky < KH; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= H) {
            k += <usize>KW << 2;
            continue;
          }
          const r = plane + (<usize>(iy * W) << 2);
          for (let kx = 0; kx < KW; kx++) {
            const ix = x0 + kx;
            if (ix >= 0 && ix < W) {
              const d = r + (<usize>ix << 2);
              store<f32>(d, load<f32>(d) + load<f32>(k));
            }
            k += 4;
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

/** y_s[O,P] = W[O,K] . col_s[P,K]^T. */
export function conv_fwd_job(desc: usize, tid: i32, nt: i32): void {
  readGeo(desc);
  const x = <usize>load<i32>(desc), w = <usize>load<i32>(desc, 4), y = <usize>load<i32>(desc, 8), n = load<i32>(desc, 12);
  const P = OH * OW, K = C * KH * KW, ws = scratchOf(desc, tid), col = ws + (<usize>GEMM_SCRATCH << 2);
  const r = sampleRange(n, tid, nt);
  for (let s = r & 0xffff; s < r >>> 16; s++) {
    im2col(x + (<usize>(s * C * H * W) << 2), col);
    gemmRange(O, P, K, w, false, col, true, y + (<usize>(s * O * P) << 2), false, 0, O, 0, P, ws);
  }
}

/** dcol_s[P,K] = dY_s[O,P]^T . W[O,K], then col2im into dx_s. */
export function conv_bwd_data_job(desc: usize, tid: i32, nt: i32): void {
  readGeo(desc);
  const dy = <usize>load<i32>(desc), w = <usize>load<i32>(desc, 4), dx = <usize>load<i32>(desc, 8), n = load<i32>(desc, 12);
  const P = OH * OW, K = C * KH * KW, ws = scratchOf(desc, tid), dcol = ws + (<usize>GEMM_SCRATCH << 2);
  const r = sampleRange(n, tid, nt);
  for (let s = r & 0xffff; s < r >>> 16; s++) {
    gemmRange(P, K, O, dy + (<usize>(s * O * P) << 2), true, w, false, dcol, false, 0, P, 0, K, ws);
    col2im(dcol, dx + (<usize>(s * C * H * W) << 2));
  }
}

/** dW[O,K] = sum over samples, in order, of dY_s[O,P] . col_s[P,K]; this thread's rows/columns. */
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
    im2col(x + (<usize>(s * C * H * W) << 2), col);
    gemmRange(O, K, P, dy + (<usize>(s * O * P) << 2), false, col, false, dw, s > 0, i0, i1, j0, j1, ws);
  }
}
