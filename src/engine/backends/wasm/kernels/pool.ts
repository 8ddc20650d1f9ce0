// AssemblyScript: max / average / global-average pooling, forward and backward, planes [H, W].
// Pointers are byte offsets into the shared memory; arithmetic in f64 like the CPU reference
// (backends/cpu/pool.ts), so the results match it to the rounding of each stored f32.
//
// Versions tried: one, a scalar port of the reference. Pooling is memory-bound and a small part
// of the CNN step (docs/cpu-backend.md); the windows (2x2 stride 2) are too narrow for a SIMD
// lane layout to pay for its shuffles.

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

export function maxpool_fwd(x: usize, y: usize, am: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  let o = 0;
  for (let q = 0; q < planes; q++) {
    const base = q * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pl;
        let best = -Infinity, bi = -1;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= w) continue;
            const v = f(x, base + iy * w + ix);
            if (v > best || bi < 0) { best = v; bi = iy * w + ix; }
          }
        }
        put(y, o, best);
        put(am, o, <f64>bi);
      }
    }
  }
}

export function maxpool_bwd(dy: usize, am: usize, dx: usize, planes: i32, hw: i32, ohw: i32): void {
  memory.fill(dx, 0, <usize>(planes * hw) << 2);
  for (let q = 0; q < planes; q++) {
    const ib = q * hw, ob = q * ohw;
    for (let o = 0; o < ohw; o++) {
      const i = <i32>f(am, ob + o);
      if (i >= 0) put(dx, ib + i, f(dx, ib + i) + f(dy, ob + o));
    }
  }
}

export function avgpool_fwd(x: usize, y: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  const inv = 1 / <f64>(kh * kw);
  let o = 0;
  for (let q = 0; q < planes; q++) {
    const base = q * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pl;
        let s: f64 = 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = x0 + kx;
            if (ix >= 0 && ix < w) s += f(x, base + iy * w + ix);
          }
        }
        put(y, o, s * inv);
      }
    }
  }
}

export function avgpool_bwd(dy: usize, dx: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  const inv = 1 / <f64>(kh * kw);
  memory.fill(dx, 0, <usize>(planes * h * w) << 2);
  let o = 0;
  for (let q = 0; q < planes; q++) {
    const base = q * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pl, g = f(dy, o) * inv;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = x0 + kx;
            if (ix >= 0 && ix < w) put(dx, base + iy * w + ix, f(dx, base + iy * w + ix) + g);
          }
        }
      }
    }
  }
}

export function gap_fwd(x: usize, y: usize, planes: i32, hw: i32): void {
  for (let q = 0; q < planes; q++) {
    let s: f64 = 0;
    for (let i = 0; i < hw; i++) s += f(x, q * hw + i);
    put(y, q, s / <f64>hw);
  }
}

export function gap_bwd(dy: usize, dx: usize, planes: i32, hw: i32): void {
  for (let q = 0; q < planes; q++) {
    const g = f(dy, q) / <f64>hw;
    for (let i = 0; i < hw; i++) put(dx, q * hw + i, g);
  }
}
