// AssemblyScript: transcendental functions in four f32 lanes, for the kernels whose time went to
// f64 Math.exp per element (GELU, the recurrent cells). Accurate to a few f32 ulps; the callers'
// conformance tolerances say how close to the reference's f64 they must be.

const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375; // ln 2 split so that n * LN2_HI is exact for |n| < 2^9
const LN2_LO: f32 = -2.12194440e-4;

/** 1.5 * 2^23: added to a float of magnitude < 2^22, it leaves that float rounded to the nearest
 *  integer (ties to even, as f32x4.nearest) in its low mantissa bits. */
const ROUND: f32 = 12582912.0;

/** e^x in four f32 lanes: x = n ln2 + r with |r| <= ln2 / 2, e^r by a degree-6 minimax
 *  polynomial (relative error ~1e-7), 2^n by the exponent bits. Clamped below at -87 (e^-87 ~
 *  1.6e-38, where GELU's tails are 0 in f32 anyway) and above at 88. The clamp is pmin/pmax and
 *  n comes from the ROUND addition, bit for bit what min/max, nearest and trunc_sat gave: V8
 *  lowers each of those to several instructions (min/max's NaN and -0 rules, the saturation),
 *  these to one. A NaN still comes out NaN (pmin(NaN, 88) is NaN). */
@inline export function exp4(x: v128): v128 {
  const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88)), f32x4.splat(-87));
  const k = f32x4.add(f32x4.mul(c, f32x4.splat(LOG2E)), f32x4.splat(ROUND));
  const n = f32x4.sub(k, f32x4.splat(ROUND));
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.sub(k, i32x4.splat(<i32>0x4b400000)), i32x4.splat(127)), 23);
  return f32x4.mul(er, scale);
}

/** The logistic sigmoid 1 / (1 + e^-x) in four lanes (0 and 1 at the clamped ends). */
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** tanh(x) = 1 - 2 / (e^2x + 1) in four lanes: one exp; near 0 its error is absolute (~1e-7). */
@inline export function tanh4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(exp4(f32x4.add(x, x)), one)));
}
