// AssemblyScript: the fused optimizer updates (SGD, Adam/AdamW, amsgrad, RMSprop, centered
// RMSprop, Adagrad), one pass over the parameters each, with PyTorch's formulas as in the CPU
// reference (backends/cpu/optim.ts). `sc` is the gradient-clipping scale, computed by the caller
// from the norm buffer; the step-dependent constants come in as arguments.
//
// f64 arithmetic keeps every update equal to the reference up to the final f32 rounding. Adam, the
// default optimizer, runs two parameters at a time in f64x2 lanes (the same operations, so the
// same bits): once the GEMM was fast its scalar loop was a third of the MLP step. The others are
// scalar f64 loops (an f32x4 version would change the rounding).

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

export function sgd(w: usize, g: usize, buf: usize, len: i32, lr: f64, mom: f64, damp: f64, wd: f64, nesterov: bool,
  first: bool, sc: f64): void {
  for (let i = 0; i < len; i++) {
    let d = f(g, i) * sc + wd * f(w, i);
    if (mom != 0) {
      const b = first ? d : mom * f(buf, i) + (1 - damp) * d;
      put(buf, i, b);
      d = nesterov ? d + mom * b : b;
    }
    put(w, i, f(w, i) - lr * d);
  }
}

/** Two f32 at p + 4i as f64 lanes, and back: the same f64 arithmetic as the scalar loop, two at once. */
@inline function f2(p: usize, i: i32): v128 { return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2))); }
@inline function put2(p: usize, i: i32, v: v128): void { v128.store64_lane(p + (<usize>i << 2), f32x4.demote_f64x2_zero(v), 0); }

/** Adam / AdamW; vmax 0 means no amsgrad. Pairs of parameters in f64x2 lanes: each lane does the
 *  scalar loop's operations in its order (IEEE add, mul, div and sqrt round alike), so the result is
 *  the reference's bit for bit; the MLP bench step spent a third of its time in the scalar loop. */
export function adam(w: usize, g: usize, m: usize, v: usize, vmax: usize, len: i32, b1: f64, b2: f64, eps: f64,
  stepSize: f64, bc2s: f64, decay: f64, coupled: f64, sc: f64): void {
  const B1 = f64x2.splat(b1), B1c = f64x2.splat(1 - b1), B2 = f64x2.splat(b2), B2c = f64x2.splat(1 - b2);
  const EPS = f64x2.splat(eps), STEP = f64x2.splat(stepSize), BC2 = f64x2.splat(bc2s), DECAY = f64x2.splat(decay);
  const COUPLED = f64x2.splat(coupled), SC = f64x2.splat(sc);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    let wi = f64x2.mul(f2(w, i), DECAY);
    const d = f64x2.add(f64x2.mul(f2(g, i), SC), f64x2.mul(COUPLED, wi));
    const mi = f64x2.add(f64x2.mul(B1, f2(m, i)), f64x2.mul(B1c, d));
    const vi = f64x2.add(f64x2.mul(B2, f2(v, i)), f64x2.mul(f64x2.mul(B2c, d), d));
    put2(m, i, mi);
    put2(v, i, vi);
    let den = vi;
    if (vmax != 0) {
      den = f64x2.max(f2(vmax, i), vi);
      put2(vmax, i, den);
    }
    wi = f64x2.sub(wi, f64x2.div(f64x2.mul(STEP, mi), f64x2.add(f64x2.div(f64x2.sqrt(den), BC2), EPS)));
    put2(w, i, wi);
  }
  for (; i < len; i++) {
    let wi = f(w, i) * decay;
    const d = f(g, i) * sc + coupled * wi;
    const mi = b1 * f(m, i) + (1 - b1) * d;
    const vi = b2 * f(v, i) + (1 - b2) * d * d;
    put(m, i, mi);
    put(v, i, vi);
    let den = vi;
    if (vmax != 0) {
      den = Math.max(f(vmax, i), vi);
      put(vmax, i, den);
    }
    wi -= (stepSize * mi) / (Math.sqrt(den) / bc2s + eps);
    put(w, i, wi);
  }
}

/** RMSprop; gavg 0 means not centered. */
export function rmsprop(w: usize, g: usize, sq: usize, gavg: usize, buf: usize, len: i32, lr: f64, a: f64, eps: f64,
  mom: f64, wd: f64, sc: f64): void {
  for (let i = 0; i < len; i++) {
    const d = f(g, i) * sc + wd * f(w, i);
    const s = a * f(sq, i) + (1 - a) * d * d;
    put(sq, i, s);
    let centered = s;
    if (gavg != 0) {
      const ga = a * f(gavg, i) + (1 - a) * d;
      put(gavg, i, ga);
      centered = s - ga * ga;
    }
    const avg = Math.sqrt(centered) + eps;
    if (mom > 0) {
      const b = mom * f(buf, i) + d / avg;
      put(buf, i, b);
      put(w, i, f(w, i) - lr * b);
    } else {
      put(w, i, f(w, i) - (lr * d) / avg);
    }
  }
}

export function adagrad(w: usize, g: usize, acc: usize, len: i32, clr: f64, eps: f64, wd: f64, first: bool, acc0: f64,
  sc: f64): void {
  for (let i = 0; i < len; i++) {
    const d = f(g, i) * sc + wd * f(w, i);
    const s = (first ? acc0 : f(acc, i)) + d * d;
    put(acc, i, s);
    put(w, i, f(w, i) - (clr * d) / (Math.sqrt(s) + eps));
  }
}
