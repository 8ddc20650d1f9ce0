// AssemblyScript: batch normalisation (train / eval / backward) and layer normalisation
// (forward / backward). Statistics in f64 like the CPU reference (backends/cpu/norm.ts). Batch
// norm runs channels [c0, c1): split.ts gives each thread its channels.
//
// Versions tried: one, a scalar port of the reference; the per-channel passes are contiguous
// runs of `inner` floats, memory-bound, and a small share of a step (docs/cpu-backend.md).

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

export function bn_fwd_train(x: usize, gamma: usize, beta: usize, rmean: usize, rvar: usize, y: usize, mean: usize,
  invstd: usize, C: i32, inner: i32, n: i32, eps: f64, m: f64, c0: i32, c1: i32): void {
  const N = n * inner;
  for (let c = c0; c < c1; c++) {
    let s: f64 = 0;
    for (let b = 0; b < n; b++) { const o = (b * C + c) * inner; for (let i = 0; i < inner; i++) s += f(x, o + i); }
    const mu = s / <f64>N;
    let q: f64 = 0;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) { const d = f(x, o + i) - mu; q += d * d; }
    }
    const v = q / <f64>N, is = 1 / Math.sqrt(v + eps);
    put(mean, c, mu);
    put(invstd, c, is);
    put(rmean, c, (1 - m) * f(rmean, c) + m * mu);
    put(rvar, c, (1 - m) * f(rvar, c) + m * (N > 1 ? q / <f64>(N - 1) : v));
    const g = f(gamma, c) * is, sh = f(beta, c) - mu * g;
    for (let b = 0; b < n; b++) { const o = (b * C + c) * inner; for (let i = 0; i < inner; i++) put(y, o + i, f(x, o + i) * g + sh); }
  }
}

export function bn_fwd_eval(x: usize, gamma: usize, beta: usize, rmean: usize, rvar: usize, y: usize,
  C: i32, inner: i32, n: i32, eps: f64, c0: i32, c1: i32): void {
  for (let c = c0; c < c1; c++) {
    const g = f(gamma, c) / Math.sqrt(f(rvar, c) + eps), sh = f(beta, c) - f(rmean, c) * g;
    for (let b = 0; b < n; b++) { const o = (b * C + c) * inner; for (let i = 0; i < inner; i++) put(y, o + i, f(x, o + i) * g + sh); }
  }
}

export function bn_bwd(x: usize, gamma: usize, mean: usize, invstd: usize, dy: usize, dx: usize, dgamma: usize, dbeta: usize,
  C: i32, inner: i32, n: i32, c0: i32, c1: i32): void {
  const N = n * inner;
  for (let c = c0; c < c1; c++) {
    const mu = f(mean, c), is = f(invstd, c);
    let sdy: f64 = 0, sdyx: f64 = 0;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) { const g = f(dy, o + i); sdy += g; sdyx += g * (f(x, o + i) - mu) * is; }
    }
    put(dgamma, c, sdyx);
    put(dbeta, c, sdy);
    const k = (f(gamma, c) * is) / <f64>N;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) {
        const xh = (f(x, o + i) - mu) * is;
        put(dx, o + i, k * (<f64>N * f(dy, o + i) - sdy - xh * sdyx));
      }
    }
  }
}

export function ln_fwd(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, invstd: usize, D: i32, rows: i32, eps: f64): void {
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let s: f64 = 0;
    for (let i = 0; i < D; i++) s += f(x, o + i);
    const mu = s / <f64>D;
    let q: f64 = 0;
    for (let i = 0; i < D; i++) { const d = f(x, o + i) - mu; q += d * d; }
    const is = 1 / Math.sqrt(q / <f64>D + eps);
    put(mean, r, mu);
    put(invstd, r, is);
    for (let i = 0; i < D; i++) put(y, o + i, (f(x, o + i) - mu) * is * f(gamma, i) + f(beta, i));
  }
}

export function ln_bwd(x: usize, gamma: usize, mean: usize, invstd: usize, dy: usize, dx: usize, dgamma: usize, dbeta: usize,
  D: i32, rows: i32): void {
  memory.fill(dgamma, 0, <usize>D << 2);
  memory.fill(dbeta, 0, <usize>D << 2);
  for (let r = 0; r < rows; r++) {
    const o = r * D, mu = f(mean, r), is = f(invstd, r);
    let sg: f64 = 0, sgx: f64 = 0;
    for (let i = 0; i < D; i++) {
      const g = f(dy, o + i), xh = (f(x, o + i) - mu) * is, gg = g * f(gamma, i);
      put(dgamma, i, f(dgamma, i) + g * xh);
      put(dbeta, i, f(dbeta, i) + g);
      sg += gg;
      sgx += gg * xh;
    }
    for (let i = 0; i < D; i++) {
      const xh = (f(x, o + i) - mu) * is;
      put(dx, o + i, (is / <f64>D) * (<f64>D * f(dy, o + i) * f(gamma, i) - sg - xh * sgx));
    }
  }
}
