// AssemblyScript: GELU forward and backward (act_fwd / act_bwd with fn gelu), the reference's
// formulas (backends/cpu/elementwise.ts: 0.5 x (1 + erf(x / sqrt 2)) with its Numerical Recipes
// erf, in f64), split over threads by element ranges. The other activations stay on the CPU
// reference: GELU is the one with a transcendental per element and the width of a Transformer's
// feed-forward (a third of the 2-block GPT bench step ran in these two kernels on the reference).

@inline function erf(x: f64): f64 {
  const z = abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

/** Job: desc = [bwd, x, dy, out, len]: out = gelu(x), or dx = gelu'(x) dy (bwd 1). */
export function gelu_job(desc: usize, tid: i32, nt: i32): void {
  const bwd = load<i32>(desc) != 0, x = <usize>load<i32>(desc, 4), dy = <usize>load<i32>(desc, 8),
    out = <usize>load<i32>(desc, 12), len = load<i32>(desc, 16);
  const per = (len + nt - 1) / nt, i1 = min(len, (tid + 1) * per);
  const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  for (let i = tid * per; i < i1; i++) {
    const v = f(x, i);
    const cdf = 0.5 * (1 + erf(v * Math.SQRT1_2));
    put(out, i, bwd ? f(dy, i) * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)) : v * cdf);
  }
}
