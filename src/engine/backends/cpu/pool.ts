// Pooling over [C, H, W] per sample. Max pooling pads with -inf and remembers the argmax (as an
// f32 index into the H*W plane, exact below 2^24) for the backward pass; average pooling counts
// padding in the divisor (PyTorch's count_include_pad=True).

import type { Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;

/** Max over each window; idx keeps the argmax (an index into the plane). */
export function maxpoolFwd([x, y, idx]: ArgsOf<'maxpool_fwd', F>, p: ParamsOf<'maxpool_fwd'>, rt: Runtime): void {
  const planes = p.c! * rt.n,
    h = p.h!,
    w = p.w!,
    oh = p.oh!,
    ow = p.ow!;
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * p.sh! - p.pt!;
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * p.sw! - p.pl!;
        let best = -Infinity,
          bi = -1;
        for (let ky = 0; ky < p.kh!; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < p.kw!; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= w) continue;
            const v = x![base + iy * w + ix]!;
            if (v > best || bi < 0) {
              best = v;
              bi = iy * w + ix;
            }
          }
        }
        y![o] = best;
        idx![o] = bi;
      }
    }
  }
}

/** dy routed to the argmax of each window. */
export function maxpoolBwd([dy, idx, dx]: ArgsOf<'maxpool_bwd', F>, p: ParamsOf<'maxpool_bwd'>, rt: Runtime): void {
  const planes = p.c! * rt.n,
    hw = p.h! * p.w!,
    ohw = p.oh! * p.ow!;
  dx!.fill(0, 0, planes * hw);
  for (let pl = 0; pl < planes; pl++) {
    const ib = pl * hw,
      ob = pl * ohw;
    for (let o = 0; o < ohw; o++) {
      const i = idx![ob + o]!;
      if (i >= 0) dx![ib + i] += dy![ob + o]!;
    }
  }
}

/** Mean over each window (padding counted). */
export function avgpoolFwd([x, y]: ArgsOf<'avgpool_fwd', F>, p: ParamsOf<'avgpool_fwd'>, rt: Runtime): void {
  const planes = p.c! * rt.n,
    h = p.h!,
    w = p.w!,
    inv = 1 / (p.kh! * p.kw!);
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < p.oh!; oy++) {
      const y0 = oy * p.sh! - p.pt!;
      for (let ox = 0; ox < p.ow!; ox++, o++) {
        const x0 = ox * p.sw! - p.pl!;
        let s = 0;
        for (let ky = 0; ky < p.kh!; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < p.kw!; kx++) {
            const ix = x0 + kx;
            if (ix >= 0 && ix < w) s += x![base + iy * w + ix]!;
          }
        }
        y![o] = s * inv;
      }
    }
  }
}

/** dy / (kh kw) spread over each window. */
export function avgpoolBwd([dy, dx]: ArgsOf<'avgpool_bwd', F>, p: ParamsOf<'avgpool_bwd'>, rt: Runtime): void {
  const planes = p.c! * rt.n,
    h = p.h!,
    w = p.w!,
    inv = 1 / (p.kh! * p.kw!);
  dx!.fill(0, 0, planes * h * w);
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < p.oh!; oy++) {
      const y0 = oy * p.sh! - p.pt!;
      for (let ox = 0; ox < p.ow!; ox++, o++) {
        const x0 = ox * p.sw! - p.pl!,
          g = dy![o]! * inv;
        for (let ky = 0; ky < p.kh!; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < p.kw!; kx++) {
            const ix = x0 + kx;
            if (ix >= 0 && ix < w) dx![base + iy * w + ix] += g;
          }
        }
      }
    }
  }
}

/** [C, HW] -> [C]. */
export function gapFwd([x, y]: ArgsOf<'gap_fwd', F>, p: ParamsOf<'gap_fwd'>, rt: Runtime): void {
  const planes = p.c! * rt.n,
    hw = p.hw!;
  for (let pl = 0; pl < planes; pl++) {
    let s = 0;
    for (let i = 0; i < hw; i++) s += x![pl * hw + i]!;
    y![pl] = s / hw;
  }
}

/** dy / hw to every element of its plane. */
export function gapBwd([dy, dx]: ArgsOf<'gap_bwd', F>, p: ParamsOf<'gap_bwd'>, rt: Runtime): void {
  const planes = p.c! * rt.n,
    hw = p.hw!;
  for (let pl = 0; pl < planes; pl++) {
    const g = dy![pl]! / hw;
    for (let i = 0; i < hw; i++) dx![pl * hw + i] = g;
  }
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const POOL_KERNELS = {
  maxpool_fwd: maxpoolFwd,
  maxpool_bwd: maxpoolBwd,
  avgpool_fwd: avgpoolFwd,
  avgpool_bwd: avgpoolBwd,
  gap_fwd: gapFwd,
  gap_bwd: gapBwd,
};
