// Pooling over [C, H, W] planes: max (with the argmax as an f32 index into the plane), average
// (padding counted in the divisor, PyTorch's count_include_pad=True), global average.
//
// Approach: forward passes are one invocation per output. Backward passes are gathers, one
// invocation per input element, visiting only the windows that cover it (oy from
// ceil((iy+pt-kh+1)/sh) to floor((iy+pt)/sh)), so overlapping windows need no atomics and the
// sum runs in the CPU's order (ascending output index). maxpool_bwd adds dy[o] where the saved
// argmax of window o is this element, exactly as the CPU's scatter does.

import type { ParamName } from '../../../kernels/contract';
import { type ParamSpec, type WgslFamily, perThread } from '../kernel';
import { NEG_INF } from './common';

type Win = ParamName<'maxpool_fwd'>;
const WIN = (['c', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] as const).map((name): ParamSpec<Win> =>
  name === 'pt' || name === 'pl' ? { name, type: 'i32' } : { name, type: 'u32' },
);

/** Loops of a gather over the windows covering (iy, ix) of plane `pl`; `o` is the window index. */
const COVERING = (inner: string) => `
  let ix = i32(idx % u.w);
  let iy = i32((idx / u.w) % u.h);
  let pl = idx / (u.h * u.w);
  let ty = iy + u.pt;
  let tx = ix + u.pl;
  let oy0 = max(0, (ty - i32(u.kh) + i32(u.sh)) / i32(u.sh));
  let ox0 = max(0, (tx - i32(u.kw) + i32(u.sw)) / i32(u.sw));
  let oy1 = min(i32(u.oh) - 1, select(-1, ty / i32(u.sh), ty >= 0));
  let ox1 = min(i32(u.ow) - 1, select(-1, tx / i32(u.sw), tx >= 0));
  var acc = 0.0;
  for (var oy = oy0; oy <= oy1; oy++) {
    for (var ox = ox0; ox <= ox1; ox++) {
      let o = pl * u.oh * u.ow + u32(oy) * u.ow + u32(ox);
      ${inner}
    }
  }`;

export const POOL: WgslFamily<'maxpool_fwd' | 'maxpool_bwd' | 'avgpool_fwd' | 'avgpool_bwd' | 'gap_fwd' | 'gap_bwd'> = {
  maxpool_fwd: {
    writes: ['y', 'am'],
    params: WIN,
    helpers: NEG_INF,
    body: `
  if (idx >= rt.n * u.c * u.oh * u.ow) { return; }
  let ox = idx % u.ow;
  let oy = (idx / u.ow) % u.oh;
  let pl = idx / (u.oh * u.ow);
  let base = pl * u.h * u.w;
  let y0 = i32(oy * u.sh) - u.pt;
  let x0 = i32(ox * u.sw) - u.pl;
  var best = neg_inf();
  var bi = -1;
  for (var ky = 0; ky < i32(u.kh); ky++) {
    let iy = y0 + ky;
    if (iy < 0 || iy >= i32(u.h)) { continue; }
    for (var kx = 0; kx < i32(u.kw); kx++) {
      let ix = x0 + kx;
      if (ix < 0 || ix >= i32(u.w)) { continue; }
      let v = x[base + u32(iy * i32(u.w) + ix)];
      if (v > best || bi < 0) { best = v; bi = iy * i32(u.w) + ix; }
    }
  }
  y[idx] = best;
  am[idx] = f32(bi);`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.oh! * p.ow!),
  },
  maxpool_bwd: {
    writes: ['dx'],
    params: WIN,
    body: `
  if (idx >= rt.n * u.c * u.h * u.w) { return; }
  let me = f32(idx % (u.h * u.w));
  ${COVERING('if (am[o] == me) { acc += dy[o]; }')}
  dx[idx] = acc;`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.h! * p.w!),
  },
  avgpool_fwd: {
    writes: ['y'],
    params: WIN,
    body: `
  if (idx >= rt.n * u.c * u.oh * u.ow) { return; }
  let ox = idx % u.ow;
  let oy = (idx / u.ow) % u.oh;
  let base = (idx / (u.oh * u.ow)) * u.h * u.w;
  let y0 = i32(oy * u.sh) - u.pt;
  let x0 = i32(ox * u.sw) - u.pl;
  var s = 0.0;
  for (var ky = 0; ky < i32(u.kh); ky++) {
    let iy = y0 + ky;
    if (iy < 0 || iy >= i32(u.h)) { continue; }
    for (var kx = 0; kx < i32(u.kw); kx++) {
      let ix = x0 + kx;
      if (ix >= 0 && ix < i32(u.w)) { s += x[base + u32(iy * i32(u.w) + ix)]; }
    }
  }
  y[idx] = s / f32(u.kh * u.kw);`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.oh! * p.ow!),
  },
  avgpool_bwd: {
    writes: ['dx'],
    params: WIN,
    body: `
  if (idx >= rt.n * u.c * u.h * u.w) { return; }
  ${COVERING('acc += dy[o];')}
  dx[idx] = acc / f32(u.kh * u.kw);`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.h! * p.w!),
  },
  gap_fwd: {
    writes: ['y'],
    params: [
      { name: 'c', type: 'u32' },
      { name: 'hw', type: 'u32' },
    ],
    body: `
  if (idx >= rt.n * u.c) { return; }
  var s = 0.0;
  for (var i = 0u; i < u.hw; i++) { s += x[idx * u.hw + i]; }
  y[idx] = s / f32(u.hw);`,
    groups: (p, rt) => perThread(rt.n * p.c!),
  },
  gap_bwd: {
    writes: ['dx'],
    params: [
      { name: 'c', type: 'u32' },
      { name: 'hw', type: 'u32' },
    ],
    body: `
  if (idx >= rt.n * u.c * u.hw) { return; }
  dx[idx] = dy[idx / u.hw] / f32(u.hw);`,
    groups: (p, rt) => perThread(rt.n * p.c! * p.hw!),
  },
};
