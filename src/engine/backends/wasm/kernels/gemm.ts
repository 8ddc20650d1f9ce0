// AssemblyScript: C[M,N] (acc ? += : =) op(A) op(B), row-major, f32, 128-bit SIMD.
//
// Goto/BLIS layout: for each NC-column block and KC-deep slice, B is packed into 8-column panels
// (k-major, 8 floats per k) and, for each MC-row block, A into 4-row panels (4 floats per k);
// a 4x8 register tile (8 f32x4 accumulators, 2 B loads + 4 splats per k) then runs over the
// panels. Packing absorbs every transpose variant (ta, tb), so one micro-kernel serves all four.
// Relaxed SIMD (ASC_FEATURE_RELAXED_SIMD, the second build) fuses multiply-add into one FMA.
//
// Versions tried (GFLOP/s per CPU-second, 1 thread, on a shared 2-core machine under load, so
// only differences of 20% or more mean anything; docs/cpu-backend.md has the table):
//  1. kept: 4x8 tile (8 accumulators + 2 B vectors + 1 splat of the 16 xmm registers),
//     KC 256, MC 64, NC 512: plain SIMD (Node 20) 25-31 on the MLP shapes and 512^3, relaxed
//     FMA (Node 24) 29-48; the reference TypeScript gemm 3.5-4.9 on the same clock.
//  2. 6x8 tile (12 accumulators), MC 72: plain SIMD 20-24 (worse: without FMA the mul/add pair
//     needs a temporary and the tile spills), relaxed 32-43 (the same as 4x8 within the noise).
//     One tile for both builds, so 4x8 stays.
// The reference backend's conv.ts and gemm.ts headers cover the plain-TypeScript versions.
//
// Threads: the caller splits C over output columns (in 8-column panels) or, when C is narrow,
// over output rows; never over K, so every element of C is summed in the same order whatever
// the thread count.

export const MR = 4;
export const NR = 8;
export const KC = 256;
export const MC = 64;
export const NC = 512;
/** Floats of thread scratch the GEMM needs: packed B block, packed A block, an edge tile. */
export const GEMM_SCRATCH: i32 = NC * KC + MC * KC + MR * NR;

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Reads 4 rows of 4 floats (row i at src + i*ld) and writes their transpose: column j at dst + j*step. */
@inline function transpose4(src: usize, ld: usize, dst: usize, step: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + ld), r2 = v128.load(src + 2 * ld), r3 = v128.load(src + 3 * ld);
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + step, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * step, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** Packs op(B)[pc..pc+kc, jc..jc+nc] into 8-column panels, zero-padded to a multiple of 8. */
function packB(b: usize, tb: bool, N: i32, K: i32, pc: i32, kc: i32, jc: i32, nc: i32, out: usize): void {
  for (let q = 0; q < nc; q += NR) {
    const w = min(NR, nc - q);
    const panel = out + (<usize>(q * kc) << 2);
    for (let k = 0; k < kc; k++) {
      const dst = panel + (<usize>(k * NR) << 2);
      if (!tb && w == NR) {
        const src = b + (<usize>((pc + k) * N + jc + q) << 2);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        continue;
      }
      if (tb && w == NR && k + 4 <= kc) {
        // op(B) = B^T: 8 columns of 4 consecutive k each, transposed in registers, 4 k-rows written.
        const src = b + (<usize>((jc + q) * K + pc + k) << 2), ld = <usize>K << 2;
        transpose4(src, ld, dst, NR << 2);
        transpose4(src + 4 * ld, ld, dst + 16, NR << 2);
        k += 3;
        continue;
      }
      for (let j = 0; j < NR; j++) {
        let v: f32 = 0;
        if (j < w) {
          const col = jc + q + j;
          v = tb ? load<f32>(b + (<usize>(col * K + pc + k) << 2)) : load<f32>(b + (<usize>((pc + k) * N + col) << 2));
        }
        store<f32>(dst + (<usize>j << 2), v);
      }
    }
  }
}

/** Packs op(A)[ic..ic+mc, pc..pc+kc] into 4-row panels, zero-padded to a multiple of 4. */
function packA(a: usize, ta: bool, M: i32, K: i32, ic: i32, mc: i32, pc: i32, kc: i32, out: usize): void {
  for (let r = 0; r < mc; r += MR) {
    const h = min(MR, mc - r);
    const panel = out + (<usize>(r * kc) << 2);
    for (let k = 0; k < kc; k++) {
      const dst = panel + (<usize>(k * MR) << 2);
      if (ta && h == MR) {
        v128.store(dst, v128.load(a + (<usize>((pc + k) * M + ic + r) << 2)));
        continue;
      }
      if (!ta && h == MR && k + 4 <= kc) {
        // 4 rows of 4 consecutive k each, transposed in registers: 4 k-columns of the panel.
        transpose4(a + (<usize>((ic + r) * K + pc + k) << 2), <usize>K << 2, dst, MR << 2);
        k += 3;
        continue;
      }
      for (let i = 0; i < MR; i++) {
        let v: f32 = 0;
        if (i < h) {
          const row = ic + r + i;
          v = ta ? load<f32>(a + (<usize>((pc + k) * M + row) << 2)) : load<f32>(a + (<usize>(row * K + pc + k) << 2));
        }
        store<f32>(dst + (<usize>i << 2), v);
      }
    }
  }
}

/** One 4x8 tile of C (rows x cols valid) from an A panel and a B panel; `first` stores, else adds. */
function tile(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, first: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const ld = <usize>ldc << 2;
  if (rows == MR && cols == NR) {
    if (!first) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ld)); c11 = f32x4.add(c11, v128.load(c + ld, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ld)); c21 = f32x4.add(c21, v128.load(c + 2 * ld, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ld)); c31 = f32x4.add(c31, v128.load(c + 3 * ld, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ld, c10); v128.store(c + ld, c11, 16);
    v128.store(c + 2 * ld, c20); v128.store(c + 2 * ld, c21, 16);
    v128.store(c + 3 * ld, c30); v128.store(c + 3 * ld, c31, 16);
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + <usize>i * ld + (<usize>j << 2);
      const v = load<f32>(tmp + (<usize>(i * NR + j) << 2));
      store<f32>(dst, first ? v : load<f32>(dst) + v);
    }
  }
}

/** C[i0..i1, j0..j1] of C[M,N] (+)= op(A) op(B), with `ws` (GEMM_SCRATCH floats) to pack into. */
export function gemmRange(
  M: i32, N: i32, K: i32, a: usize, ta: bool, b: usize, tb: bool, c: usize, acc: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, ws: usize,
): void {
  if (i0 >= i1 || j0 >= j1) return;
  if (K == 0) {
    if (!acc) for (let i = i0; i < i1; i++) memory.fill(c + (<usize>(i * N + j0) << 2), 0, <usize>(j1 - j0) << 2);
    return;
  }
  const bp = ws, ap = ws + (<usize>(NC * KC) << 2), tmp = ap + (<usize>(MC * KC) << 2);
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(b, tb, N, K, pc, kc, jc, nc, bp);
      const first = pc == 0 && !acc;
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(a, ta, M, K, ic, mc, pc, kc, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const bpan = bp + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const cp = c + (<usize>((ic + ir) * N + jc + jr) << 2);
            tile(ap + (<usize>(ir * kc) << 2), bpan, kc, cp, N, min(MR, mc - ir), min(NR, nc - jr), first, tmp);
          }
        }
      }
    }
  }
}

// The rows and columns of C this thread owns (split by split()).
let si0 = 0, si1 = 0, sj0 = 0, sj1 = 0;

/** Splits C[M,N] over threads: column panels when C is wide enough, else row panels. */
export function split(M: i32, N: i32, tid: i32, nt: i32): void {
  si0 = 0; si1 = M; sj0 = 0; sj1 = N;
  if (nt <= 1) return;
  if (N >= NR * 2 * nt || N >= M) {
    const per = ((N + NR * nt - 1) / (NR * nt)) * NR;
    sj0 = min(N, tid * per); sj1 = min(N, sj0 + per);
  } else {
    const per = ((M + MR * nt - 1) / (MR * nt)) * MR;
    si0 = min(M, tid * per); si1 = min(M, si0 + per);
  }
}
export function rows0(): i32 { return si0; }
export function rows1(): i32 { return si1; }
export function cols0(): i32 { return sj0; }
export function cols1(): i32 { return sj1; }

/** Job: desc (i32 slots) = [a, b, c, M, N, K, ta, tb, acc, scratch, stride]. */
export function gemm_job(desc: usize, tid: i32, nt: i32): void {
  const M = load<i32>(desc, 12), N = load<i32>(desc, 16), K = load<i32>(desc, 20);
  split(M, N, tid, nt);
  const ws = <usize>load<i32>(desc, 36) + <usize>tid * <usize>load<i32>(desc, 40);
  gemmRange(M, N, K, load<i32>(desc), load<i32>(desc, 24) != 0, load<i32>(desc, 4), load<i32>(desc, 28) != 0,
    load<i32>(desc, 8), load<i32>(desc, 32) != 0, si0, si1, sj0, sj1, ws);
}
