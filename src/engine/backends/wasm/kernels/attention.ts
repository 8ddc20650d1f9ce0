// AssemblyScript: the attention kernels (contract-seq.ts) as batched GEMMs over (sample, head)
// pairs, the reference's definitions (backends/cpu/attention.ts). Per pair, the head's columns
// of qkv (or dy) are gathered into contiguous [t, dh] blocks, gemmRange (gemm.ts, the SIMD
// micro-kernel) multiplies them, and the result is scattered back; p and dp ([h, t, t] per
// sample) are contiguous already. The gathers are O(t dh), the products O(t^2 dh).
//
// Versions tried: (1) kept: gather + gemmRange per pair. (2) not tried: packing straight from
// the strided qkv (a leading dimension in gemm.ts's packers) would save the gathers, a few
// percent of the products at t 64, dh 32, and touch the shared GEMM.
//
// Threads split the n*h pairs into contiguous ranges; a pair is computed by one thread in one
// order whatever the thread count, so results are identical for any count.

import { gemmRange, GEMM_SCRATCH } from './gemm';
import { exp4 } from './vmath';

/** desc (i32 slots): [op, a, b, c, ids, n, t, d, h, scale (f32 bits), causal, masked, scratch, stride, shift]. */
const SCORES_FWD = 0,
  SCORES_BWD = 1,
  APPLY_FWD = 2,
  APPLY_BWD_P = 3,
  APPLY_BWD_V = 4;

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** dst[rows, cols] = src[rows, cols] with src's rows `ld` floats apart. */
function gather(src: usize, ld: i32, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) memory.copy(at(dst, r * cols), at(src, r * ld), <usize>cols << 2);
}

/** dst[rows, cols] (rows `ld` apart) = scale * src[rows, cols]. */
function scatter(src: usize, rows: i32, cols: i32, dst: usize, ld: i32, scale: f32): void {
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < cols; j++) store<f32>(at(dst, r * ld + j), load<f32>(at(src, r * cols + j)) * scale);
}

function zero(dst: usize, ld: i32, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) memory.fill(at(dst, r * ld), 0, <usize>cols << 2);
}

/** p[q, :] = softmax(scale * p[q, :]) over the keys not masked; a row with none is zeros. The
 *  exponentials in four f32 lanes (vmath.ts; f64 Math.exp per score took most of the scores'
 *  time), summed in f64 lanes; a masked key's -Infinity is exactly 0, as the reference's. */
function softmaxRows(pr: usize, ids: usize, t: i32, scale: f32, causal: bool, masked: bool, shift: i32): void {
  const ninf = f32x4.splat(-Infinity),
    zero4 = f32x4.splat(0);
  for (let q = 0; q < t; q++) {
    const row = at(pr, q * t);
    let mx: f32 = -Infinity;
    for (let k = 0; k < t; k++) {
      // ids hold t - shift per sample: the first `shift` keys (a cls_token's) are never padding.
      const off = (causal && k > q) || (masked && k >= shift && load<f32>(at(ids, k - shift)) == 0);
      const s: f32 = off ? <f32>-Infinity : load<f32>(at(row, k)) * scale;
      store<f32>(at(row, k), s);
      if (s > mx) mx = s;
    }
    if (mx == -Infinity) {
      memory.fill(row, 0, <usize>t << 2);
      continue;
    }
    const m4 = f32x4.splat(mx);
    let lo = f64x2.splat(0),
      hi = f64x2.splat(0),
      k = 0;
    for (; k + 4 <= t; k += 4) {
      const v = v128.load(at(row, k));
      const e = v128.bitselect(zero4, exp4(f32x4.sub(v, m4)), f32x4.eq(v, ninf));
      v128.store(at(row, k), e);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 0, 1)));
    }
    let sum: f64 = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
    for (; k < t; k++) {
      const e: f64 = Math.exp(<f64>load<f32>(at(row, k)) - <f64>mx);
      store<f32>(at(row, k), <f32>e);
      sum += e;
    }
    const inv = <f32>(1 / sum),
      inv4 = f32x4.splat(inv);
    k = 0;
    for (; k + 4 <= t; k += 4) v128.store(at(row, k), f32x4.mul(v128.load(at(row, k)), inv4));
    for (; k < t; k++) store<f32>(at(row, k), load<f32>(at(row, k)) * inv);
  }
}

/** One (sample, head) pair of op `op`. qkv-shaped rows are 3d wide, y-shaped rows d wide. */
function pair(op: i32, a: usize, b: usize, c: usize, ids: usize, n: i32, hh: i32, t: i32, d: i32, h: i32, desc: usize, ws: usize): void {
  const dh = d / h,
    w = 3 * d,
    tt = t * t;
  const A = ws + (<usize>GEMM_SCRATCH << 2),
    B = at(A, t * dh),
    C = at(B, t * dh);
  const blk = (n * h + hh) * tt, // the pair's [t, t] of p / ds / dp
    row0 = n * t * w, // the sample's first qkv row
    y0 = n * t * d + hh * dh; // the head's columns of the sample's y / dy
  const q = row0 + hh * dh,
    k = row0 + d + hh * dh,
    v = row0 + 2 * d + hh * dh;
  if (op == SCORES_FWD) {
    // a qkv, b ids, c p
    gather(at(a, q), w, t, dh, A);
    gather(at(a, k), w, t, dh, B);
    gemmRange(t, t, dh, A, false, B, true, at(c, blk), false, 0, t, 0, t, ws);
    const causal = load<i32>(desc, 40) != 0,
      masked = load<i32>(desc, 44) != 0,
      shift = load<i32>(desc, 56);
    softmaxRows(at(c, blk), at(b, n * (t - shift)), t, load<f32>(desc, 36), causal, masked, shift);
  } else if (op == SCORES_BWD) {
    // a qkv, b ds, c dqkv: dq = ds k * scale, dk = ds^T q * scale, dv = 0
    const scale = load<f32>(desc, 36);
    gather(at(a, q), w, t, dh, A);
    gather(at(a, k), w, t, dh, B);
    gemmRange(t, dh, t, at(b, blk), false, B, false, C, false, 0, t, 0, dh, ws);
    scatter(C, t, dh, at(c, q), w, scale);
    gemmRange(t, dh, t, at(b, blk), true, A, false, C, false, 0, t, 0, dh, ws);
    scatter(C, t, dh, at(c, k), w, scale);
    zero(at(c, v), w, t, dh);
  } else if (op == APPLY_FWD) {
    // a p, b qkv, c y: y = p v
    gather(at(b, v), w, t, dh, B);
    gemmRange(t, dh, t, at(a, blk), false, B, false, C, false, 0, t, 0, dh, ws);
    scatter(C, t, dh, at(c, y0), d, 1);
  } else if (op == APPLY_BWD_P) {
    // a dy, b qkv, c dp: dp = dy v^T
    gather(at(a, y0), d, t, dh, A);
    gather(at(b, v), w, t, dh, B);
    gemmRange(t, t, dh, A, false, B, true, at(c, blk), false, 0, t, 0, t, ws);
  } else {
    // a p, b dy, c dqkv: dv = p^T dy, dq = dk = 0
    gather(at(b, y0), d, t, dh, A);
    gemmRange(t, dh, t, at(a, blk), true, A, false, C, false, 0, t, 0, dh, ws);
    scatter(C, t, dh, at(c, v), w, 1);
    zero(at(c, q), w, t, dh);
    zero(at(c, k), w, t, dh);
  }
}

/** Floats of thread scratch an attention job needs at t, dh (ATTN_SCRATCH in ../seq.ts). */
export function attnScratch(t: i32, dh: i32): i32 {
  return GEMM_SCRATCH + 3 * t * dh;
}

/** Job: this thread's share of the n*h (sample, head) pairs. */
export function attn_job(desc: usize, tid: i32, nt: i32): void {
  const op = load<i32>(desc),
    N = load<i32>(desc, 20),
    t = load<i32>(desc, 24),
    d = load<i32>(desc, 28),
    h = load<i32>(desc, 32);
  const ws = <usize>load<i32>(desc, 48) + <usize>tid * <usize>load<i32>(desc, 52);
  const pairs = N * h,
    per = (pairs + nt - 1) / nt;
  const p1 = min(pairs, (tid + 1) * per);
  for (let p = tid * per; p < p1; p++) {
    pair(op, <usize>load<i32>(desc, 4), <usize>load<i32>(desc, 8), <usize>load<i32>(desc, 12), <usize>load<i32>(desc, 16),
      p / h, p % h, t, d, h, desc, ws);
  }
}
