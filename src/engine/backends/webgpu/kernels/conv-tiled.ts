// The convolutions on hardware adapters: the three conv2d kernels as products of the tiled gemm
// (gemm-tiled.ts), the patch matrix never stored: its entries are read from x (or dy) inside the
// tile loads, 0 outside the image or off the stride. Same contract as kernels/conv.ts (NCHW,
// W [O,C,kh,kw]); the batch is folded into the product, so a small first layer (O = 32, a few
// hundred pixels) still launches a tile per 64 pixels of every sample.
//  - conv2d_fwd:        Y[o, (s,p)]   = W[o, (c,ky,kx)] . col[(c,ky,kx), (s,p)]
//  - conv2d_bwd_data:   dX[c, (s,q)]  = W[(o,ky,kx) -> c] . dycol[(o,ky,kx), (s,q)]  (the transposed conv)
//  - conv2d_bwd_filter: dW[o, (c,ky,kx)] = dY[o, (s,p)] . col[(c,ky,kx), (s,p)]^T
// variants.ts picks these on hardware adapters when the product is large enough (and, for the
// filter gradient, has enough output tiles: else conv.ts's split over samples x pixels stays).
// Not measured on a GPU yet (none lent).

import type { WgslKernel } from '../kernel';
import { type GemmTile, type TiledSource, tiledGroups, tiledKernel } from './gemm-tiled';

/** col[(c,ky,kx), (s,p)]: the input under filter tap kk at output pixel p of sample s. */
const COL_X = /* wgsl */ `
fn col_x(kk: u32, j: u32) -> f32 {
  let KK = u.kh * u.kw;
  let P = u.oh * u.ow;
  let s = min(j / P, max(rt.n, 1u) - 1u);
  let p = j % P;
  let c = min(kk / KK, u.c - 1u);
  let t = kk % KK;
  let iy = i32((p / u.ow) * u.sh + t / u.kw) - u.pt;
  let ix = i32((p % u.ow) * u.sw + t % u.kw) - u.pl;
  let ok = iy >= 0 && iy < i32(u.h) && ix >= 0 && ix < i32(u.w);
  let off = (s * u.c + c) * u.h * u.w + u32(clamp(iy, 0, i32(u.h) - 1)) * u.w + u32(clamp(ix, 0, i32(u.w) - 1));
  return select(0.0, x[off], ok);
}`;

/** dycol[(o,ky,kx), (s,q)]: the output gradient that tap (ky,kx) of channel o carries to input
 *  pixel q of sample s (0 where q + pad - tap is off the stride or outside the output). */
const COL_DY = /* wgsl */ `
fn col_dy(kk: u32, j: u32) -> f32 {
  let KK = u.kh * u.kw;
  let HW = u.h * u.w;
  let s = min(j / HW, max(rt.n, 1u) - 1u);
  let q = j % HW;
  let o = min(kk / KK, u.o - 1u);
  let t = kk % KK;
  let ty = i32(q / u.w) + u.pt - i32(t / u.kw);
  let tx = i32(q % u.w) + u.pl - i32(t % u.kw);
  let oy = max(ty, 0) / i32(u.sh);
  let ox = max(tx, 0) / i32(u.sw);
  let ok = ty >= 0 && tx >= 0 && ty % i32(u.sh) == 0 && tx % i32(u.sw) == 0 && oy < i32(u.oh) && ox < i32(u.ow);
  let off = (s * u.o + o) * u.oh * u.ow + u32(min(oy, i32(u.oh) - 1)) * u.ow + u32(min(ox, i32(u.ow) - 1));
  return select(0.0, dy[off], ok);
}`;

const GEO = `
  let P = u.oh * u.ow;
  let HW = u.h * u.w;
  let KK = u.kh * u.kw;
  let CK = u.c * KK;`;

const FWD: TiledSource = {
  helpers: COL_X,
  prelude: `${GEO}
  let M = u.o;
  let N = rt.n * P;
  let K = CK;
  let a_rows = false;
  let b_kfast = false;`,
  loadA: (i, k) => `select(0.0, w[min(${i}, M - 1u) * CK + min(${k}, max(K, 1u) - 1u)], ${i} < M && ${k} < K)`,
  loadB: (k, j) => `select(0.0, col_x(${k}, ${j}), ${k} < K && ${j} < N)`,
  store: (i, j, v) => `y[((${j} / P) * u.o + ${i}) * P + ${j} % P] = ${v};`,
};

const BWD_DATA: TiledSource = {
  helpers: COL_DY,
  prelude: `${GEO}
  let M = u.c;
  let N = rt.n * HW;
  let K = u.o * KK;
  let a_rows = false;
  let b_kfast = false;`,
  loadA: (i, k) => `select(0.0, w[(min(${k}, max(K, 1u) - 1u) / KK) * CK + min(${i}, M - 1u) * KK + ${k} % KK], ${i} < M && ${k} < K)`,
  loadB: (k, j) => `select(0.0, col_dy(${k}, ${j}), ${k} < K && ${j} < N)`,
  store: (i, j, v) => `dx[((${j} / HW) * u.c + ${i}) * HW + ${j} % HW] = ${v};`,
};

const BWD_FILTER: TiledSource = {
  helpers: COL_X,
  prelude: `${GEO}
  let M = u.o;
  let N = CK;
  let K = rt.n * P;
  let a_rows = false;
  let b_kfast = true;
  let Km = max(K, 1u) - 1u;`,
  loadA: (i, k) => `select(0.0, dy[(min(${k}, Km) / P * u.o + min(${i}, M - 1u)) * P + min(${k}, Km) % P], ${i} < M && ${k} < K)`,
  loadB: (k, j) => `select(0.0, col_x(${j}, ${k}), ${k} < K && ${j} < N)`,
  store: (i, j, v) => `dw[${i} * CK + ${j}] = ${v};`,
};

export type ConvKernel = 'conv2d_fwd' | 'conv2d_bwd_data' | 'conv2d_bwd_filter';
type Geo = Readonly<Record<string, number>>;

/** The product each convolution is, for the choice: M x N outputs, K long, n samples. */
export function convProduct(kernel: ConvKernel, p: Geo, n: number): { m: number; n: number; k: number } {
  const P = p.oh! * p.ow!,
    KK = p.kh! * p.kw!,
    CK = p.c! * KK;
  if (kernel === 'conv2d_fwd') return { m: p.o!, n: n * P, k: CK };
  if (kernel === 'conv2d_bwd_data') return { m: p.c!, n: n * p.h! * p.w!, k: p.o! * KK };
  return { m: p.o!, n: CK, k: n * P };
}

const SOURCES: { readonly [K in ConvKernel]: TiledSource } = { conv2d_fwd: FWD, conv2d_bwd_data: BWD_DATA, conv2d_bwd_filter: BWD_FILTER };

/** The tiled twin of one convolution kernel. */
export function tiledConv(kernel: ConvKernel, t: GemmTile, base: WgslKernel): WgslKernel {
  return {
    ...tiledKernel(t, SOURCES[kernel], base),
    groups: (p, rt) => {
      const s = convProduct(kernel, p, rt.n);
      return tiledGroups(t, s.m, s.n);
    },
  };
}
