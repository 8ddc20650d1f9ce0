// AssemblyScript: the fused optimizer updates (SGD, Adam/AdamW, amsgrad, RMSprop, centered
// RMSprop, Adagrad), one pass over the parameters each, with PyTorch's formulas as in the CPU
// reference (backends/cpu/optim.ts). `sc` is the gradient-clipping scale, computed by the caller
// from the norm buffer; the step-dependent constants come in as arguments.
//
// Versions tried: one, a scalar f64 port: the update is memory-bound (4-6 streams of floats),
// V8 keeps it near memory speed, and f64 arithmetic keeps it equal to the reference up to the
// final f32 rounding. An f32x4 version would change the rounding for a gain the step does not see
// (the optimizer is < 2% of the MLP step, docs/cpu-backend.md).

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

/** Adam / AdamW; vmax 0 means no amsgrad. */
export function adam(w: usize, g: usize, m: usize, v: usize, vmax: usize, len: i32, b1: f64, b2: f64, eps: f64,
  stepSize: f64, bc2s: f64, decay: f64, coupled: f64, sc: f64): void {
  for (let i = 0; i < len; i++) {
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
