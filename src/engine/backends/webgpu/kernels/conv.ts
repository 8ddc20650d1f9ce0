// conv2d forward and both backward passes as implicit GEMM (no im2col buffer), NCHW,
// W [O,C,kh,kw]. The CPU kernels (cpu/conv.ts: im2col + gemm) are the specification; here the
// patch matrix col_s[p, (c,ky,kx)] is never stored, its entries are read from x (0 outside the
// padding) where the gemm would load them.
//
// Each kernel computes a 4x4 block of its output per invocation with 16 accumulators in four
// vec4s, as kernels/gemm.ts: per reduction step 4 loads from each operand feed 16 multiply-adds
// (the direct version did 2 loads per multiply-add). Edge blocks clamp their indices (all reads
// in range; out-of-image taps are masked with select, not branches) and guard the stores.
//  - conv2d_fwd: y_s[O,P] = W[O,K] col_s[P,K]^T. Block = 4 output channels x 4 consecutive
//    output pixels of one sample; loop c, ky, kx (row validity hoisted out of the kx loop).
//  - conv2d_bwd_data: dx_s[C,HW], the transposed conv. Block = 4 input channels x 4 consecutive
//    input pixels; loop over the taps (ky, kx) and, inside, over o. A tap whose output position
//    (iy + pt - ky) / sh is not whole / in range for any of the 4 pixels is skipped, else masked.
//  - conv2d_bwd_filter: dW[O,K] = sum_s dY_s[O,P] col_s[P,K], a long reduction (n*P) into few
//    outputs, so one workgroup per 4x4 block of dW, 64 lanes striding over (s, p) with 16
//    accumulators each, then a vec4 tree sum in workgroup memory.
//
// Versions (bench/webgpu-browser.ts --models=cnn --sizes=1024 --quick, headless Chromium on
// SwiftShader, 2 cores shared with other jobs (load 4-5), tfjs-webgpu in the same page; only the
// ratio means anything, and tfjs itself varied 1.8-3.9 samples/s between runs):
//  1. direct gather, one invocation per output element (per dw element a workgroup of 64 lanes):
//     1 multiply-add per 2 loads. CNN ours 1.28-1.39 samples/s; ratio to tfjs 0.58x, 0.63x,
//     0.71x in three runs (docs had 2.42 vs 4.01, 0.60x, on an earlier, quieter run).
//  2. kept: this implicit GEMM, 4x4 blocks: CNN ours 4.5-14.6 samples/s; ratio 1.27x, 1.97x,
//     3.36x, 6.16x in four runs interleaved with those of 1 (ours 3-11x faster than version 1 in
//     every pairing). Both conformance suites pass (Dawn/lavapipe 174, Chromium/SwiftShader 125).
// Shared-memory tiles of x and W are conv-tiled.ts, chosen for hardware adapters by variants.ts
// (chooseConv); these kernels stay the software adapters' and a small first layer's filter
// gradient. Not tried: a phase-split bwd_data for stride > 1 (masked taps now cost work at
// stride 2).

import type { ParamName } from '../../../kernels/contract';
import { type ParamSpec, type WgslFamily, perThread } from '../kernel';

type Geo = ParamName<'conv2d_fwd'>;
const GEO = (['c', 'h', 'w', 'o', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] as const).map((name): ParamSpec<Geo> =>
  name === 'pt' || name === 'pl' ? { name, type: 'i32' } : { name, type: 'u32' },
);

/** Blocks of 4 covering n. */
const q4 = (n: number) => Math.ceil(n / 4);

const FWD = `
  let P = u.oh * u.ow;
  let nq = (P + 3u) / 4u;
  let no = (u.o + 3u) / 4u;
  if (idx >= rt.n * no * nq) { return; }
  let q0 = (idx % nq) * 4u;
  let o0 = ((idx / nq) % no) * 4u;
  let s = idx / (nq * no);
  let KK = u.kh * u.kw;
  let CK = u.c * KK;
  let HW = u.h * u.w;
  let pw0 = o0 * CK;
  let pw1 = min(o0 + 1u, u.o - 1u) * CK;
  let pw2 = min(o0 + 2u, u.o - 1u) * CK;
  let pw3 = min(o0 + 3u, u.o - 1u) * CK;
  let q = min(vec4u(q0) + vec4u(0u, 1u, 2u, 3u), vec4u(P - 1u));
  let y0 = vec4i((q / u.ow) * u.sh) - u.pt;
  let x0 = vec4i((q % u.ow) * u.sw) - u.pl;
  let Hi = i32(u.h);
  let Wi = i32(u.w);
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  var k = 0u;
  for (var c = 0u; c < u.c; c++) {
    let xb = i32((s * u.c + c) * HW);
    for (var ky = 0u; ky < u.kh; ky++) {
      let iy = y0 + i32(ky);
      let rv = (iy >= vec4i(0)) & (iy < vec4i(Hi));
      let ro = vec4i(xb) + clamp(iy, vec4i(0), vec4i(Hi - 1)) * Wi;
      for (var kx = 0u; kx < u.kw; kx++) {
        let ix = x0 + i32(kx);
        let v = rv & (ix >= vec4i(0)) & (ix < vec4i(Wi));
        let off = vec4u(ro + clamp(ix, vec4i(0), vec4i(Wi - 1)));
        let xv = select(vec4f(0.0), vec4f(x[off.x], x[off.y], x[off.z], x[off.w]), v);
        r0 += w[pw0 + k] * xv;
        r1 += w[pw1 + k] * xv;
        r2 += w[pw2 + k] * xv;
        r3 += w[pw3 + k] * xv;
        k++;
      }
    }
  }
  var rows = array<vec4f, 4>(r0, r1, r2, r3);
  for (var i = 0u; i < 4u; i++) {
    let o = o0 + i;
    if (o >= u.o) { break; }
    let yb = (s * u.o + o) * P;
    for (var j = 0u; j < 4u; j++) {
      if (q0 + j >= P) { break; }
      y[yb + q0 + j] = rows[i][j];
    }
  }`;

const BWD_DATA = `
  let HW = u.h * u.w;
  let nq = (HW + 3u) / 4u;
  let nc = (u.c + 3u) / 4u;
  if (idx >= rt.n * nc * nq) { return; }
  let q0 = (idx % nq) * 4u;
  let c0 = ((idx / nq) % nc) * 4u;
  let s = idx / (nq * nc);
  let KK = u.kh * u.kw;
  let CK = u.c * KK;
  let P = u.oh * u.ow;
  let pw0 = c0 * KK;
  let pw1 = min(c0 + 1u, u.c - 1u) * KK;
  let pw2 = min(c0 + 2u, u.c - 1u) * KK;
  let pw3 = min(c0 + 3u, u.c - 1u) * KK;
  let q = min(vec4u(q0) + vec4u(0u, 1u, 2u, 3u), vec4u(HW - 1u));
  let iy = vec4i(q / u.w) + u.pt;
  let ix = vec4i(q % u.w) + u.pl;
  let shi = vec4i(i32(u.sh));
  let swi = vec4i(i32(u.sw));
  let dyb = s * u.o * P;
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  for (var ky = 0u; ky < u.kh; ky++) {
    let ty = iy - i32(ky);
    let tyc = max(ty, vec4i(0));
    let oy = tyc / shi;
    let vy = (ty >= vec4i(0)) & (tyc % shi == vec4i(0)) & (oy < vec4i(i32(u.oh)));
    if (!any(vy)) { continue; }
    for (var kx = 0u; kx < u.kw; kx++) {
      let tx = ix - i32(kx);
      let txc = max(tx, vec4i(0));
      let ox = txc / swi;
      let v = vy & (tx >= vec4i(0)) & (txc % swi == vec4i(0)) & (ox < vec4i(i32(u.ow)));
      if (!any(v)) { continue; }
      let off = vec4u(min(oy, vec4i(i32(u.oh) - 1)) * i32(u.ow) + min(ox, vec4i(i32(u.ow) - 1))) + dyb;
      var t = ky * u.kw + kx;
      var d = 0u;
      for (var o = 0u; o < u.o; o++) {
        let dv = select(vec4f(0.0), vec4f(dy[off.x + d], dy[off.y + d], dy[off.z + d], dy[off.w + d]), v);
        r0 += w[pw0 + t] * dv;
        r1 += w[pw1 + t] * dv;
        r2 += w[pw2 + t] * dv;
        r3 += w[pw3 + t] * dv;
        t += CK;
        d += P;
      }
    }
  }
  var rows = array<vec4f, 4>(r0, r1, r2, r3);
  for (var i = 0u; i < 4u; i++) {
    let c = c0 + i;
    if (c >= u.c) { break; }
    let xb = (s * u.c + c) * HW;
    for (var j = 0u; j < 4u; j++) {
      if (q0 + j >= HW) { break; }
      dx[xb + q0 + j] = rows[i][j];
    }
  }`;

const BWD_FILTER_HELPERS = `
var<workgroup> red4: array<vec4f, 256>;
`;

const BWD_FILTER = `
  let KK = u.kh * u.kw;
  let CK = u.c * KK;
  let nk = (CK + 3u) / 4u;
  let no = (u.o + 3u) / 4u;
  if (group >= no * nk) { return; }
  let k0 = (group % nk) * 4u;
  let o0 = (group / nk) * 4u;
  let P = u.oh * u.ow;
  let HW = u.h * u.w;
  let Hi = i32(u.h);
  let Wi = i32(u.w);
  // The four filter columns (c, ky, kx) of this block, clamped.
  let kv = min(vec4u(k0) + vec4u(0u, 1u, 2u, 3u), vec4u(CK - 1u));
  let cb = vec4i((kv / KK) * HW);
  let ky = vec4i((kv % KK) / u.kw) - u.pt;
  let kx = vec4i(kv % u.kw) - u.pl;
  let od0 = o0 * P;
  let od1 = min(o0 + 1u, u.o - 1u) * P;
  let od2 = min(o0 + 2u, u.o - 1u) * P;
  let od3 = min(o0 + 3u, u.o - 1u) * P;
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  for (var j = lid; j < rt.n * P; j += WG) {
    let s = j / P;
    let qq = j % P;
    let iy = vec4i(i32((qq / u.ow) * u.sh)) + ky;
    let ix = vec4i(i32((qq % u.ow) * u.sw)) + kx;
    let v = (iy >= vec4i(0)) & (iy < vec4i(Hi)) & (ix >= vec4i(0)) & (ix < vec4i(Wi));
    let off = vec4u(vec4i(i32(s * u.c * HW)) + cb + clamp(iy, vec4i(0), vec4i(Hi - 1)) * Wi + clamp(ix, vec4i(0), vec4i(Wi - 1)));
    let xv = select(vec4f(0.0), vec4f(x[off.x], x[off.y], x[off.z], x[off.w]), v);
    let db = s * u.o * P + qq;
    r0 += dy[db + od0] * xv;
    r1 += dy[db + od1] * xv;
    r2 += dy[db + od2] * xv;
    r3 += dy[db + od3] * xv;
  }
  red4[lid * 4u] = r0;
  red4[lid * 4u + 1u] = r1;
  red4[lid * 4u + 2u] = r2;
  red4[lid * 4u + 3u] = r3;
  workgroupBarrier();
  for (var h = WG / 2u; h > 0u; h >>= 1u) {
    if (lid < h) {
      for (var i = 0u; i < 4u; i++) { red4[lid * 4u + i] += red4[(lid + h) * 4u + i]; }
    }
    workgroupBarrier();
  }
  if (lid < 16u) {
    let i = lid / 4u;
    let jj = lid % 4u;
    if (o0 + i < u.o && k0 + jj < CK) { dw[(o0 + i) * CK + k0 + jj] = red4[i][jj]; }
  }`;

export const CONV: WgslFamily<'conv2d_fwd' | 'conv2d_bwd_data' | 'conv2d_bwd_filter'> = {
  conv2d_fwd: {
    writes: ['y'],
    params: GEO,
    body: FWD,
    groups: (p, rt) => perThread(rt.n * q4(p.o!) * q4(p.oh! * p.ow!)),
  },
  conv2d_bwd_data: {
    writes: ['dx'],
    params: GEO,
    body: BWD_DATA,
    groups: (p, rt) => perThread(rt.n * q4(p.c!) * q4(p.h! * p.w!)),
  },
  conv2d_bwd_filter: {
    writes: ['dw'],
    params: GEO,
    helpers: BWD_FILTER_HELPERS,
    body: BWD_FILTER,
    groups: (p) => q4(p.o!) * q4(p.c! * p.kh! * p.kw!),
  },
};
