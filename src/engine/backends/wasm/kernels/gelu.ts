// AssemblyScript: GELU forward and backward (act_fwd / act_bwd with fn gelu), the reference's
// formulas (backends/cpu/elementwise.ts: 0.5 x (1 + erf(x / sqrt 2)) with its Numerical Recipes
// erf), split over threads by element ranges. The other activations stay on the CPU reference:
// GELU is the one with a transcendental per element and the width of a Transformer's
// feed-forward. Four lanes of f32 with a polynomial exp (below): the f64 Math.exp of the first
// version took 27 % of the 2-block GPT bench step; the lanes agree with the reference's f64 to a
// few f32 ulps (the conformance table's elementwise tolerance, 1e-6 + 1e-5 relative).

import { exp4 } from './vmath';

/** Φ(x) = (1 + erf(x / √2)) / 2 in four lanes, with the reference's Numerical Recipes erfc
 *  (|error| < 1.2e-7) in f32: r = erfc(|x| / √2), Φ = r / 2 below 0 and 1 - r / 2 above, which
 *  keeps the far left tail's relative accuracy (1 + (r - 1) in f32 would cancel it away). */
@inline function cdf4(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(<f32>Math.SQRT1_2));
  const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(0.5), z)));
  let p = f32x4.splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.00002368));
  const arg = f32x4.add(f32x4.sub(f32x4.neg(f32x4.mul(z, z)), f32x4.splat(1.26551223)), f32x4.mul(t, p));
  const half = f32x4.mul(f32x4.splat(0.5), f32x4.mul(t, exp4(arg)));
  return v128.bitselect(f32x4.sub(f32x4.splat(1), half), half, f32x4.ge(x, f32x4.splat(0)));
}

/** The reference's scalar formula in f64, for the last elements of a range. */
@inline function erf(x: f64): f64 {
  const z = abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** gelu(v). */
@inline function fwd4(v: v128): v128 {
  return f32x4.mul(v, cdf4(v));
}

/** gelu'(v) d. */
@inline function bwd4(v: v128, d: v128): v128 {
  const pdf = f32x4.mul(f32x4.splat(<f32>INV_SQRT_2PI), exp4(f32x4.mul(f32x4.splat(-0.5), f32x4.mul(v, v))));
  return f32x4.mul(d, f32x4.add(cdf4(v), f32x4.mul(v, pdf)));
}

/** Job: desc = [bwd, x, dy, out, len]: out = gelu(x), or dx = gelu'(x) dy (bwd 1). */
export function gelu_job(desc: usize, tid: i32, nt: i32): void {
  const bwd = load<i32>(desc) != 0, x = <usize>load<i32>(desc, 4), dy = <usize>load<i32>(desc, 8),
    out = <usize>load<i32>(desc, 12), len = load<i32>(desc, 16);
  // Ranges of whole lanes, so that only the last thread has a scalar tail.
  const per = ((len + nt - 1) / nt + 3) & ~3, i0 = min(len, tid * per), i1 = min(len, i0 + per);
  // Four vectors an iteration, all loaded before any store: each is one long dependent chain (the
  // polynomials), and only independent chains overlap. A store to `out` may alias the next load
  // of `x` for V8, which then waits for it: one vector at a time (or four loaded and stored in
  // turn) ran the forward at 5.4 ns an element, this at 2.9.
  let i = i0;
  if (bwd) {
    for (; i + 16 <= i1; i += 16) {
      const o = <usize>i << 2;
      const a = v128.load(x + o), b = v128.load(x + o + 16), c = v128.load(x + o + 32), e = v128.load(x + o + 48);
      const da = v128.load(dy + o), db = v128.load(dy + o + 16), dc = v128.load(dy + o + 32), de = v128.load(dy + o + 48);
      v128.store(out + o, bwd4(a, da));
      v128.store(out + o + 16, bwd4(b, db));
      v128.store(out + o + 32, bwd4(c, dc));
      v128.store(out + o + 48, bwd4(e, de));
    }
    for (; i + 4 <= i1; i += 4) v128.store(out + (<usize>i << 2), bwd4(v128.load(x + (<usize>i << 2)), v128.load(dy + (<usize>i << 2))));
  } else {
    for (; i + 16 <= i1; i += 16) {
      const o = <usize>i << 2;
      const a = v128.load(x + o), b = v128.load(x + o + 16), c = v128.load(x + o + 32), e = v128.load(x + o + 48);
      v128.store(out + o, fwd4(a));
      v128.store(out + o + 16, fwd4(b));
      v128.store(out + o + 32, fwd4(c));
      v128.store(out + o + 48, fwd4(e));
    }
    for (; i + 4 <= i1; i += 4) v128.store(out + (<usize>i << 2), fwd4(v128.load(x + (<usize>i << 2))));
  }
  for (; i < i1; i++) {
    const v = f(x, i);
    const cdf = 0.5 * (1 + erf(v * Math.SQRT1_2));
    put(out, i, bwd ? f(dy, i) * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)) : v * cdf);
  }
}
