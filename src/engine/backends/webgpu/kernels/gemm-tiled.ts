// The gemm for hardware adapters: workgroup-shared tiles, double-buffered, register blocks.
// Same contract as kernels/gemm.ts (m n k, bm/bk batch scaling, ta/tb, acc); variants.ts picks it.
//
// Each workgroup of 256 invocations computes a BM x BN tile of C (64x64 with a 4x4 block per
// invocation, or 128x64 with 8x4). K is walked in slices of BK = 8: every invocation loads its
// share of the A (BM x BK) and B (BK x BN) slices from global memory into registers, computes
// on the slice already in workgroup memory, then stores the registers into the other buffer of
// the pair, so one barrier per slice and the global loads are in flight during the arithmetic.
// Loads are mapped so that consecutive invocations read consecutive addresses whichever operand
// is transposed (the index map is chosen with select, no branch per variant). Workgroup tiles
// are k-major arrays of vec4f padded by one vec4 a row (fewer bank conflicts on the k-fastest
// stores), so the inner loop reads A and B as vec4 loads: TM/4 + 1 loads feed 4*TM multiply-adds.
// Global loads stay scalar: a binding's argument offset (a plan slice) is any element, so the
// storage arrays are array<f32>; out-of-range elements of edge tiles load as 0 from clamped
// (in-range) addresses and their stores are guarded.
//
// Not measured on a GPU yet (none lent); on lavapipe/SwiftShader it is slower than the
// register-only kernel (barriers are emulated), which is why software adapters keep that one.

import type { WgslKernel } from '../kernel';

export interface GemmTile {
  readonly bm: number;
  readonly bn: number;
  readonly bk: number;
  /** Rows of C per invocation (the block is tm x 4). */
  readonly tm: number;
}

export const TILE_64: GemmTile = { bm: 64, bn: 64, bk: 8, tm: 4 };
export const TILE_128: GemmTile = { bm: 128, bn: 64, bk: 8, tm: 8 };
const THREADS = 256;

/** Workgroup memory one tiled variant needs (the choice checks maxComputeWorkgroupStorageSize). */
export function tileStorageBytes(t: GemmTile): number {
  return 2 * t.bk * (t.bm / 4 + 1 + t.bn / 4 + 1) * 16;
}

export const tiledGroups = (t: GemmTile, m: number, n: number): number => Math.ceil(m / t.bm) * Math.ceil(n / t.bn);

const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('\n');

/** Body and helpers of the tiled gemm for one tile shape. */
export function tiledGemm(t: GemmTile, base: WgslKernel): WgslKernel {
  const { bm, bn, bk, tm } = t;
  const tx = bn / 4; // invocations across a tile row
  if ((bm / tm) * tx !== THREADS || tm % 4 !== 0) throw new Error(`gemm tile ${bm}x${bn}/${tm}: needs ${THREADS} invocations`);
  const ra = bm / 4 + 1, // vec4s per k row of the A tile (one of padding)
    rb = bn / 4 + 1;
  const la = (bm * bk) / THREADS,
    lb = (bk * bn) / THREADS;
  const helpers = /* wgsl */ `
const BM = ${bm}u; const BN = ${bn}u; const BK = ${bk}u; const RA = ${ra}u; const RB = ${rb}u;
var<workgroup> sa: array<vec4f, ${2 * bk * ra}>;
var<workgroup> sb: array<vec4f, ${2 * bk * rb}>;
// Local (row, k) of A element e of a slice: k fastest when A is row-major, rows fastest when transposed.
fn a_at(e: u32, ta: bool) -> vec2u { return select(vec2u(e / BK, e % BK), vec2u(e % BM, e / BM), ta); }
// Local (k, col) of B element e: columns fastest when B is row-major, k fastest when transposed.
fn b_at(e: u32, tb: bool) -> vec2u { return select(vec2u(e / BN, e % BN), vec2u(e % BK, e / BK), tb); }
fn store_row(i: u32, j0: u32, M: u32, N: u32, v: vec4f) {
  if (i >= M) { return; }
  for (var q = 0u; q < 4u; q++) {
    let j = j0 + q;
    if (j >= N) { return; }
    var s = v[q];
    if (u.acc != 0u) { s += c[i * N + j]; }
    c[i * N + j] = s;
  }
}`;
  const loadA = lines(la, (s) => {
    return `    { let p = a_at(lid + ${s * THREADS}u, ta); let gi = i0 + p.x; let gk = k0 + p.y;
      va[${s}] = select(0.0, a[min(gi, M - 1u) * sa_i + min(gk, Km) * sa_k], gi < M && gk < K); }`;
  });
  const loadB = lines(lb, (s) => {
    return `    { let p = b_at(lid + ${s * THREADS}u, tb); let gk = k0 + p.x; let gj = j0 + p.y;
      vb[${s}] = select(0.0, b[min(gk, Km) * sb_k + min(gj, N - 1u) * sb_j], gk < K && gj < N); }`;
  });
  const storeA = lines(
    la,
    (s) => `    { let p = a_at(lid + ${s * THREADS}u, ta); sa[buf * BK * RA + p.y * RA + p.x / 4u][p.x % 4u] = va[${s}]; }`,
  );
  const storeB = lines(
    lb,
    (s) => `    { let p = b_at(lid + ${s * THREADS}u, tb); sb[buf * BK * RB + p.x * RB + p.y / 4u][p.y % 4u] = vb[${s}]; }`,
  );
  const fma = lines(tm, (r) => `      c${r} += av${Math.floor(r / 4)}.${'xyzw'[r % 4]} * bv;`);
  const body = /* wgsl */ `
  let M = select(u.m, u.m * rt.n, u.bm != 0u);
  let K = select(u.k, u.k * rt.n, u.bk != 0u);
  let N = u.n;
  let nbn = (N + BN - 1u) / BN;
  if (M == 0u || group >= ((M + BM - 1u) / BM) * nbn) { return; }
  let i0 = (group / nbn) * BM;
  let j0 = (group % nbn) * BN;
  let ta = u.ta != 0u;
  let tb = u.tb != 0u;
  let sa_i = select(K, 1u, ta);
  let sa_k = select(1u, M, ta);
  let sb_k = select(N, 1u, tb);
  let sb_j = select(1u, K, tb);
  let Km = max(K, 1u) - 1u;
  let tx = lid % ${tx}u;
  let ty = lid / ${tx}u;
  let nt = (K + BK - 1u) / BK;
  var va: array<f32, ${la}>;
  var vb: array<f32, ${lb}>;
${lines(tm, (r) => `  var c${r} = vec4f(0.0);`)}
  if (nt > 0u) {
    let k0 = 0u;
    let buf = 0u;
${loadA}
${loadB}
${storeA}
${storeB}
  }
  workgroupBarrier();
  for (var t = 0u; t < nt; t++) {
    let cur = t & 1u;
    let more = t + 1u < nt;
    if (more) {
      let k0 = (t + 1u) * BK;
${loadA}
${loadB}
    }
    for (var kk = 0u; kk < BK; kk++) {
      let pa = cur * BK * RA + kk * RA + ty * ${tm / 4}u;
      let bv = sb[cur * BK * RB + kk * RB + tx];
${lines(tm / 4, (q) => `      let av${q} = sa[pa + ${q}u];`)}
${fma}
    }
    if (more) {
      let buf = 1u - cur;
${storeA}
${storeB}
    }
    workgroupBarrier();
  }
${lines(tm, (r) => `  store_row(i0 + ty * ${tm}u + ${r}u, j0 + tx * 4u, M, N, c${r});`)}`;
  return {
    ...base,
    helpers,
    body,
    wg: THREADS,
    groups: (p, rt) => tiledGroups(t, p.bm ? p.m! * rt.n : p.m!, p.n!),
  };
}
