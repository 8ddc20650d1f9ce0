// Normalisation kernels. Statistics are accumulated in f64 (JS numbers) for stability.
// batchnorm: per channel over batch (and H, W); the batch variance normalises, the running
// variance takes the unbiased estimate, both as in PyTorch. layernorm: per row over the last axis.

import type { Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;

/** Batch statistics per channel; running statistics updated (momentum). */
export function bnFwdTrain(
  [x, gamma, beta, rmean, rvar, y, mean, invstd]: ArgsOf<'bn_fwd_train', F>,
  p: ParamsOf<'bn_fwd_train'>,
  rt: Runtime,
): void {
  const C = p.c!,
    inner = p.inner!,
    n = rt.n,
    N = n * inner,
    m = p.momentum!;
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) s += x![o + i]!;
    }
    const mu = s / N;
    let q = 0;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) {
        const d = x![o + i]! - mu;
        q += d * d;
      }
    }
    const v = q / N;
    const is = 1 / Math.sqrt(v + p.eps!);
    mean![c] = mu;
    invstd![c] = is;
    rmean![c] = (1 - m) * rmean![c]! + m * mu;
    rvar![c] = (1 - m) * rvar![c]! + m * (N > 1 ? q / (N - 1) : v);
    const g = gamma![c]! * is,
      sh = beta![c]! - mu * g;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) y![o + i] = x![o + i]! * g + sh;
    }
  }
}

/** Normalised with the running statistics. */
export function bnFwdEval([x, gamma, beta, rmean, rvar, y]: ArgsOf<'bn_fwd_eval', F>, p: ParamsOf<'bn_fwd_eval'>, rt: Runtime): void {
  const C = p.c!,
    inner = p.inner!;
  for (let c = 0; c < C; c++) {
    const g = gamma![c]! / Math.sqrt(rvar![c]! + p.eps!),
      sh = beta![c]! - rmean![c]! * g;
    for (let b = 0; b < rt.n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) y![o + i] = x![o + i]! * g + sh;
    }
  }
}

/** Gradients of x, gamma and beta from the saved batch statistics. */
export function bnBwd([x, gamma, mean, invstd, dy, dx, dgamma, dbeta]: ArgsOf<'bn_bwd', F>, p: ParamsOf<'bn_bwd'>, rt: Runtime): void {
  const C = p.c!,
    inner = p.inner!,
    n = rt.n,
    N = n * inner;
  for (let c = 0; c < C; c++) {
    const mu = mean![c]!,
      is = invstd![c]!;
    let sdy = 0,
      sdyx = 0;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) {
        const g = dy![o + i]!;
        sdy += g;
        sdyx += g * (x![o + i]! - mu) * is;
      }
    }
    dgamma![c] = sdyx;
    dbeta![c] = sdy;
    const k = (gamma![c]! * is) / N;
    for (let b = 0; b < n; b++) {
      const o = (b * C + c) * inner;
      for (let i = 0; i < inner; i++) {
        const xh = (x![o + i]! - mu) * is;
        dx![o + i] = k * (N * dy![o + i]! - sdy - xh * sdyx);
      }
    }
  }
}

/** Over the last axis (d); mean and invstd kept per row. */
export function lnFwd([x, gamma, beta, y, mean, invstd]: ArgsOf<'ln_fwd', F>, p: ParamsOf<'ln_fwd'>, rt: Runtime): void {
  const D = p.d!,
    rows = (p.len! / D) * rt.n;
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let s = 0;
    for (let i = 0; i < D; i++) s += x![o + i]!;
    const mu = s / D;
    let q = 0;
    for (let i = 0; i < D; i++) {
      const d = x![o + i]! - mu;
      q += d * d;
    }
    const is = 1 / Math.sqrt(q / D + p.eps!);
    mean![r] = mu;
    invstd![r] = is;
    for (let i = 0; i < D; i++) y![o + i] = (x![o + i]! - mu) * is * gamma![i]! + beta![i]!;
  }
}

/** Gradients of x, gamma and beta from the saved row statistics. */
export function lnBwd([x, gamma, mean, invstd, dy, dx, dgamma, dbeta]: ArgsOf<'ln_bwd', F>, p: ParamsOf<'ln_bwd'>, rt: Runtime): void {
  const D = p.d!,
    rows = (p.len! / D) * rt.n;
  dgamma!.fill(0, 0, D);
  dbeta!.fill(0, 0, D);
  for (let r = 0; r < rows; r++) {
    const o = r * D,
      mu = mean![r]!,
      is = invstd![r]!;
    let sg = 0,
      sgx = 0;
    for (let i = 0; i < D; i++) {
      const g = dy![o + i]!,
        xh = (x![o + i]! - mu) * is,
        gg = g * gamma![i]!;
      dgamma![i] += g * xh;
      dbeta![i] += g;
      sg += gg;
      sgx += gg * xh;
    }
    for (let i = 0; i < D; i++) {
      const xh = (x![o + i]! - mu) * is;
      dx![o + i] = (is / D) * (D * dy![o + i]! * gamma![i]! - sg - xh * sgx);
    }
  }
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const NORM_KERNELS = {
  bn_fwd_train: bnFwdTrain,
  bn_fwd_eval: bnFwdEval,
  bn_bwd: bnBwd,
  ln_fwd: lnFwd,
  ln_bwd: lnBwd,
};
