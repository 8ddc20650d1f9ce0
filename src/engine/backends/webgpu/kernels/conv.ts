// conv2d forward and both backward passes, direct (no im2col buffer), NCHW, W [O,C,kh,kw].
//
// Approach: each kernel is a gather over its own output, so no kernel needs atomics or a
// scratch buffer the plan did not allocate:
//  - conv2d_fwd: one invocation per y[s,o,oy,ox], loop over c, ky, kx.
//  - conv2d_bwd_data: one invocation per dx[s,c,iy,ix]; loop over o and the taps (ky, kx) whose
//    output position oy = (iy + pt - ky) / sh is whole and in range (the transposed conv).
//  - conv2d_bwd_filter: the reduction runs over samples x output pixels (large) into few
//    outputs (O*C*kh*kw), so one workgroup per dw element, 64 lanes striding over (s, oy, ox)
//    and a tree sum; a thread per dw element left most of a GPU idle on small first layers.
// The CPU's im2col + gemm is the better shape for a GPU too at large sizes (implicit GEMM);
// that is the next version, once a real GPU can measure it.

import type { KernelParams } from '../../../backend';
import { type ParamSpec, type WgslKernel, perThread } from '../kernel';
import { WG_SUM } from './common';

const GEO: ParamSpec[] = ['c', 'h', 'w', 'o', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'].map((name) =>
  name === 'pt' || name === 'pl' ? { name, type: 'i32' } : { name, type: 'u32' });

const filterSize = (p: KernelParams) => p.o! * p.c! * p.kh! * p.kw!;

export const CONV: Record<string, WgslKernel> = {
  conv2d_fwd: {
    args: ['x', 'w', 'y'], writes: ['y'], params: GEO,
    body: `
  let P = u.oh * u.ow;
  if (idx >= rt.n * u.o * P) { return; }
  let ox = idx % u.ow;
  let oy = (idx / u.ow) % u.oh;
  let o = (idx / P) % u.o;
  let s = idx / (P * u.o);
  let y0 = i32(oy * u.sh) - u.pt;
  let x0 = i32(ox * u.sw) - u.pl;
  var acc = 0.0;
  for (var c = 0u; c < u.c; c++) {
    let xb = (s * u.c + c) * u.h * u.w;
    let wb = ((o * u.c + c) * u.kh) * u.kw;
    for (var ky = 0u; ky < u.kh; ky++) {
      let iy = y0 + i32(ky);
      if (iy < 0 || iy >= i32(u.h)) { continue; }
      for (var kx = 0u; kx < u.kw; kx++) {
        let ix = x0 + i32(kx);
        if (ix < 0 || ix >= i32(u.w)) { continue; }
        acc += x[xb + u32(iy) * u.w + u32(ix)] * w[wb + ky * u.kw + kx];
      }
    }
  }
  y[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.o! * p.oh! * p.ow!),
  },
  conv2d_bwd_data: {
    args: ['dy', 'w', 'dx'], writes: ['dx'], params: GEO,
    body: `
  let HW = u.h * u.w;
  if (idx >= rt.n * u.c * HW) { return; }
  let ix = i32(idx % u.w);
  let iy = i32((idx / u.w) % u.h);
  let c = (idx / HW) % u.c;
  let s = idx / (HW * u.c);
  let P = u.oh * u.ow;
  var acc = 0.0;
  for (var ky = 0u; ky < u.kh; ky++) {
    let ty = iy + u.pt - i32(ky);
    if (ty < 0 || ty % i32(u.sh) != 0) { continue; }
    let oy = u32(ty) / u.sh;
    if (oy >= u.oh) { continue; }
    for (var kx = 0u; kx < u.kw; kx++) {
      let tx = ix + u.pl - i32(kx);
      if (tx < 0 || tx % i32(u.sw) != 0) { continue; }
      let ox = u32(tx) / u.sw;
      if (ox >= u.ow) { continue; }
      for (var o = 0u; o < u.o; o++) {
        acc += dy[(s * u.o + o) * P + oy * u.ow + ox] * w[((o * u.c + c) * u.kh + ky) * u.kw + kx];
      }
    }
  }
  dx[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.h! * p.w!),
  },
  conv2d_bwd_filter: {
    args: ['x', 'dy', 'dw'], writes: ['dw'], params: GEO,
    helpers: WG_SUM,
    body: `
  let e = group;
  if (e >= u.o * u.c * u.kh * u.kw) { return; }
  let kx = e % u.kw;
  let ky = (e / u.kw) % u.kh;
  let c = (e / (u.kw * u.kh)) % u.c;
  let o = e / (u.kw * u.kh * u.c);
  let P = u.oh * u.ow;
  var acc = 0.0;
  for (var j = lid; j < rt.n * P; j += WG) {
    let s = j / P;
    let q = j % P;
    let iy = i32((q / u.ow) * u.sh) - u.pt + i32(ky);
    let ix = i32((q % u.ow) * u.sw) - u.pl + i32(kx);
    if (iy < 0 || iy >= i32(u.h) || ix < 0 || ix >= i32(u.w)) { continue; }
    acc += dy[(s * u.o + o) * P + q] * x[((s * u.c + c) * u.h + u32(iy)) * u.w + u32(ix)];
  }
  acc = wg_sum(acc, lid);
  if (lid == 0u) { dw[e] = acc; }`,
    groups: (p) => filterSize(p),
  },
};
