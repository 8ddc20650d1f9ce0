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

/** Where a tiled product reads its operands and writes C: the plain gemm below, the
 *  convolutions (conv-tiled.ts: the patch matrix read from x inside the tile loads). */
export interface TiledSource {
  /** WGSL helpers the loads and stores call. */
  readonly helpers?: string;
  /** Statements defining M, N, K (u32) and a_rows / b_kfast (bool: which index of the operand
   *  is contiguous in memory, so consecutive invocations load consecutive addresses). */
  readonly prelude: string;
  /** WGSL expressions of A(gi, gk) and B(gk, gj): 0 outside [0,M) x [0,K) / [0,K) x [0,N). */
  loadA(gi: string, gk: string): string;
  loadB(gk: string, gj: string): string;
  /** A statement storing v at C(i, j), for i < M, j < N. */
  store(i: string, j: string, v: string): string;
}

const GEMM_SOURCE: TiledSource = {
  prelude: /* wgsl */ `
  let M = select(u.m, u.m * rt.n, u.bm != 0u);
  let K = select(u.k, u.k * rt.n, u.bk != 0u);
  let N = u.n;
  let a_rows = u.ta != 0u;
  let b_kfast = u.tb != 0u;
  let sa_i = select(K, 1u, a_rows);
  let sa_k = select(1u, M, a_rows);
  let sb_k = select(N, 1u, b_kfast);
  let sb_j = select(1u, K, b_kfast);
  let Km = max(K, 1u) - 1u;`,
  loadA: (gi, gk) => `select(0.0, a[min(${gi}, M - 1u) * sa_i + min(${gk}, Km) * sa_k], ${gi} < M && ${gk} < K)`,
  loadB: (gk, gj) => `select(0.0, b[min(${gk}, Km) * sb_k + min(${gj}, N - 1u) * sb_j], ${gk} < K && ${gj} < N)`,
  store: (i, j, v) => `var s = ${v}; if (u.acc != 0u) { s += c[${i} * N + ${j}]; } c[${i} * N + ${j}] = s;`,
};

/** The tiled gemm for one tile shape. */
export function tiledGemm(t: GemmTile, base: WgslKernel): WgslKernel {
  return { ...tiledKernel(t, GEMM_SOURCE, base), groups: (p, rt) => tiledGroups(t, p.bm ? p.m! * rt.n : p.m!, p.n!) };
}

/** Helpers and body of a tiled product (the caller sets `groups`: tiledGroups of its M, N). */
export function tiledKernel(t: GemmTile, src: TiledSource, base: WgslKernel): WgslKernel {
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
${src.helpers ?? ''}`;
  const loadA = lines(la, (s) => {
    return `    { let p = a_at(lid + ${s * THREADS}u, a_rows); va[${s}] = ${src.loadA('(i0 + p.x)', '(k0 + p.y)')}; }`;
  });
  const loadB = lines(lb, (s) => {
    return `    { let p = b_at(lid + ${s * THREADS}u, b_kfast); vb[${s}] = ${src.loadB('(k0 + p.x)', '(j0 + p.y)')}; }`;
  });
  const storeA = lines(
    la,
    (s) => `    { let p = a_at(lid + ${s * THREADS}u, a_rows); sa[buf * BK * RA + p.y * RA + p.x / 4u][p.x % 4u] = va[${s}]; }`,
  );
  const storeB = lines(
    lb,
    (s) => `    { let p = b_at(lid + ${s * THREADS}u, b_kfast); sb[buf * BK * RB + p.x * RB + p.y / 4u][p.y % 4u] = vb[${s}]; }`,
  );
  const fma = lines(tm, (r) => `      c${r} += av${Math.floor(r / 4)}.${'xyzw'[r % 4]} * bv;`);
  const body = /* wgsl */ `${src.prelude}
  let nbn = (N + BN - 1u) / BN;
  if (M == 0u || group >= ((M + BM - 1u) / BM) * nbn) { return; }
  let i0 = (group / nbn) * BM;
  let j0 = (group % nbn) * BN;
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
${lines(tm, (r) => `  let row${r} = i0 + ty * ${tm}u + ${r}u;`)}
  for (var q = 0u; q < 4u; q++) {
    let j = j0 + tx * 4u + q;
    if (j >= N) { break; }
${lines(tm, (r) => `    if (row${r} < M) { ${src.store(`row${r}`, 'j', `c${r}[q]`)} }`)}
  }`;
  return { ...base, helpers, body, wg: THREADS };
}
