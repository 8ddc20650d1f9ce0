// Elementwise kernels: bias, residual add, copies, activations, dropout.
// Sizes in `p` are per sample; a kernel covers rt.n samples (the batch may be partial).

import type { KernelParams, Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';
import { ACT } from '../../kernels/codes';
import { hash01 } from '../../rng';

type F = Float32Array;

/** y = x + b along a channel axis: x viewed as [n*outer, c, inner]. */
export function biasAdd([x, b, y]: ArgsOf<'bias_add', F>, p: ParamsOf<'bias_add'>, rt: Runtime): void {
  const rows = p.outer! * rt.n,
    c = p.c!,
    inner = p.inner!;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      const bv = b![ch]!;
      for (let k = 0; k < inner; k++, o++) y![o] = x![o]! + bv;
    }
  }
}

/** db[ch] = sum of dy over everything but the channel axis. */
export function biasGrad([dy, db]: ArgsOf<'bias_grad', F>, p: ParamsOf<'bias_grad'>, rt: Runtime): void {
  const rows = p.outer! * rt.n,
    c = p.c!,
    inner = p.inner!;
  db!.fill(0, 0, c);
  let o = 0;
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let k = 0; k < inner; k++, o++) s += dy![o]!;
      db![ch] += s;
    }
  }
}

/** y = f(x + b): the epilogue of a dense or conv layer, one kernel. */
export function biasAct(args: ArgsOf<'bias_act', F>, p: ParamsOf<'bias_act'>, rt: Runtime): void {
  const [x, b, y] = args;
  if (p.fn === ACT.relu) {
    const rows = p.outer! * rt.n,
      c = p.c!,
      inner = p.inner!;
    let o = 0;
    for (let r = 0; r < rows; r++) {
      for (let ch = 0; ch < c; ch++) {
        const bv = b![ch]!;
        for (let k = 0; k < inner; k++, o++) {
          const v = x![o]! + bv;
          y![o] = v > 0 ? v : 0;
        }
      }
    }
    return;
  }
  biasAdd(args, p, rt);
  activate(y!, y!, p.len! * rt.n, p.fn, p.alpha ?? 0); // in place: each element is read before it is written
}

function total(p: KernelParams, rt: Runtime): number {
  return p.batched ? p.len! * rt.n : p.len!;
}

/** y = a + b. */
export function add([a, b, y]: ArgsOf<'add', F>, p: ParamsOf<'add'>, rt: Runtime): void {
  const n = total(p, rt);
  for (let i = 0; i < n; i++) y![i] = a![i]! + b![i]!;
}

/** dst = src. */
export function copy([src, dst]: ArgsOf<'copy', F>, p: ParamsOf<'copy'>, rt: Runtime): void {
  const n = total(p, rt);
  for (let i = 0; i < n; i++) dst![i] = src![i]!;
}

/** dst += src (gradient accumulation where a tensor feeds several ops). */
export function accAdd([src, dst]: ArgsOf<'acc_add', F>, p: ParamsOf<'acc_add'>, rt: Runtime): void {
  const n = total(p, rt);
  for (let i = 0; i < n; i++) dst![i] += src![i]!;
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erf with |error| < 1.2e-7 (Numerical Recipes erfc, Chebyshev fit); JS and WGSL have none. */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

/** y = f(x), fn an ACT code. */
export function actFwd([x, y]: ArgsOf<'act_fwd', F>, p: ParamsOf<'act_fwd'>, rt: Runtime): void {
  activate(x!, y!, p.len! * rt.n, p.fn, p.alpha ?? 0);
}

/** y[i] = f(x[i]) for i < n; x and y may be the same array (bias_act's epilogue). */
function activate(x: F, y: F, n: number, fn: number | undefined, a: number): void {
  switch (fn) {
    case ACT.relu:
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : 0;
      }
      break;
    case ACT.leaky_relu:
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : a * v;
      }
      break;
    case ACT.elu:
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : a * Math.expm1(v);
      }
      break;
    case ACT.gelu:
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = 0.5 * v * (1 + erf(v * SQRT1_2));
      }
      break;
    case ACT.sigmoid:
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]!));
      break;
    case ACT.tanh:
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!);
      break;
    default:
      throw new Error(`unknown activation ${fn}`);
  }
}

/** dx = f'(x) dy, using x or y, whichever is cheaper. */
export function actBwd([x, y, dy, dx]: ArgsOf<'act_bwd', F>, p: ParamsOf<'act_bwd'>, rt: Runtime): void {
  const n = p.len! * rt.n,
    a = p.alpha ?? 0;
  switch (p.fn) {
    case ACT.relu:
      for (let i = 0; i < n; i++) dx![i] = x![i]! > 0 ? dy![i]! : 0;
      break;
    case ACT.leaky_relu:
      for (let i = 0; i < n; i++) dx![i] = x![i]! > 0 ? dy![i]! : a * dy![i]!;
      break;
    case ACT.elu:
      for (let i = 0; i < n; i++) dx![i] = x![i]! > 0 ? dy![i]! : (y![i]! + a) * dy![i]!;
      break;
    case ACT.gelu:
      for (let i = 0; i < n; i++) {
        const v = x![i]!;
        const cdf = 0.5 * (1 + erf(v * SQRT1_2));
        dx![i] = dy![i]! * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
      break;
    case ACT.sigmoid:
      for (let i = 0; i < n; i++) {
        const s = y![i]!;
        dx![i] = dy![i]! * s * (1 - s);
      }
      break;
    case ACT.tanh:
      for (let i = 0; i < n; i++) {
        const t = y![i]!;
        dx![i] = dy![i]! * (1 - t * t);
      }
      break;
    default:
      throw new Error(`unknown activation ${p.fn}`);
  }
}

/** Inverted dropout: mask is 0 or 1/(1-p), a pure function of (seed, salt, step, i). */
export function dropoutFwd([x, mask, y]: ArgsOf<'dropout_fwd', F>, p: ParamsOf<'dropout_fwd'>, rt: Runtime): void {
  const n = p.len! * rt.n,
    keep = 1 - p.p!,
    scale = 1 / keep;
  const seed = (rt.seed ^ p.salt!) >>> 0;
  for (let i = 0; i < n; i++) {
    const m = hash01(seed, rt.step, i) < keep ? scale : 0;
    mask![i] = m;
    y![i] = x![i]! * m;
  }
}

/** dx = dy * mask. */
export function dropoutBwd([dy, mask, dx]: ArgsOf<'dropout_bwd', F>, p: ParamsOf<'dropout_bwd'>, rt: Runtime): void {
  const n = p.len! * rt.n;
  for (let i = 0; i < n; i++) dx![i] = dy![i]! * mask![i]!;
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const ELEMENTWISE_KERNELS = {
  bias_add: biasAdd,
  bias_grad: biasGrad,
  bias_act: biasAct,
  add: add,
  copy: copy,
  acc_add: accAdd,
  act_fwd: actFwd,
  act_bwd: actBwd,
  dropout_fwd: dropoutFwd,
  dropout_bwd: dropoutBwd,
};
