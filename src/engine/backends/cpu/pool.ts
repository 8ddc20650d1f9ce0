// Pooling over [C, H, W] per sample. Max pooling pads with -inf and remembers the argmax (as an
// f32 index into the H*W plane, exact below 2^24) for the backward pass; average pooling counts
// padding in the divisor (PyTorch's count_include_pad=True).

import type { KernelParams, Runtime } from '../../backend';

type F = Float32Array;

/** args x, y, idx. p: c h w kh kw sh sw pt pl oh ow */
export function maxpoolFwd([x, y, idx]: readonly F[], p: KernelParams, rt: Runtime): void {
  const planes = p.c! * rt.n, h = p.h!, w = p.w!, oh = p.oh!, ow = p.ow!;
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * p.sh! - p.pt!;
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * p.sw! - p.pl!;
        let best = -Infinity, bi = -1;
        for (let ky = 0; ky < p.kh!; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < p.kw!; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= w) continue;
            const v = x![base + iy * w + ix]!;
            if (v > best || bi < 0) { best = v; bi = iy * w + ix; }
          }
        }
        y![o] = best;
        idx![o] = bi;
      }
    }
  }
}

/** args dy, idx, dx */
export function maxpoolBwd([dy, idx, dx]: readonly F[], p: KernelParams, rt: Runtime): void {
  const planes = p.c! * rt.n, hw = p.h! * p.w!, ohw = p.oh! * p.ow!;
  dx!.fill(0, 0, planes * hw);
  for (let pl = 0; pl < planes; pl++) {
    const ib = pl * hw, ob = pl * ohw;
    for (let o = 0; o < ohw; o++) {
      const i = idx![ob + o]!;
      if (i >= 0) dx![ib + i] += dy![ob + o]!;
    }
  }
}

/** args x, y */
export function avgpoolFwd([x, y]: readonly F[], p: KernelParams, rt: Runtime): void {
  const planes = p.c! * rt.n, h = p.h!, w = p.w!, inv = 1 / (p.kh! * p.kw!);
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

/** args dy, dx */
export function avgpoolBwd([dy, dx]: readonly F[], p: KernelParams, rt: Runtime): void {
  const planes = p.c! * rt.n, h = p.h!, w = p.w!, inv = 1 / (p.kh! * p.kw!);
  dx!.fill(0, 0, planes * h * w);
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < p.oh!; oy++) {
      const y0 = oy * p.sh! - p.pt!;
      for (let ox = 0; ox < p.ow!; ox++, o++) {
        const x0 = ox * p.sw! - p.pl!, g = dy![o]! * inv;
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

/** [C, HW] -> [C]. args x, y. p: c, hw */
export function gapFwd([x, y]: readonly F[], p: KernelParams, rt: Runtime): void {
  const planes = p.c! * rt.n, hw = p.hw!;
  for (let pl = 0; pl < planes; pl++) {
    let s = 0;
    for (let i = 0; i < hw; i++) s += x![pl * hw + i]!;
    y![pl] = s / hw;
  }
}

/** args dy, dx */
export function gapBwd([dy, dx]: readonly F[], p: KernelParams, rt: Runtime): void {
  const planes = p.c! * rt.n, hw = p.hw!;
  for (let pl = 0; pl < planes; pl++) {
    const g = dy![pl]! / hw;
    for (let i = 0; i < hw; i++) dx![pl * hw + i] = g;
  }
}
