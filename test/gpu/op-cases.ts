// One line per kernel test case (as tinygrad's test_ops): kernel name, argument sizes, the call's
// parameters, what the runtime looks like, and a tolerance. The conformance test runs each case
// on the CPU backend (the specification) and on WebGPU, and compares every argument buffer
// afterwards (outputs, in-place updates, and inputs that must stay untouched).

import type { KernelParams, Runtime } from '../../src/engine/backend';
import { maxpoolFwd } from '../../src/engine/backends/cpu/pool';
import { softmaxFwd } from '../../src/engine/backends/cpu/loss';
import { ACT, type ActName, LOSS, POOL } from '../../src/engine/kernels/codes';
import type { KernelName, ParamsOf } from '../../src/engine/kernels/contract';
import { Rng } from '../../src/engine/rng';
import { sequenceCases } from './op-cases-seq';
import { recurrentCases } from './op-cases-recurrent';
import { quantCases } from './op-cases-quant';
import { distillCases } from './op-cases-distill';
import { crossEntropyCases, rowCases } from './op-cases-rows';
import { gemmCases } from './op-cases-gemm';

export interface Tol {
  readonly atol: number;
  readonly rtol: number;
}

export interface OpCase {
  readonly kernel: KernelName;
  readonly name: string;
  /** Argument sizes in floats (buffers hold `maxN` samples where batched). */
  readonly sizes: readonly number[];
  readonly p: KernelParams;
  readonly rt: Runtime;
  readonly tol: Tol;
  /** Overwrites the random [-1, 1) inputs where a kernel needs valid ones (indices, variances). */
  readonly prep?: (args: Float32Array[], rng: Rng, rt: Runtime) => void;
}

// Per-op tolerances: |gpu - cpu| <= atol + rtol * |cpu|.
export const TOL = {
  exact: { atol: 0, rtol: 0 }, // copies, masks, argmax
  elementwise: { atol: 1e-6, rtol: 1e-5 }, // one rounding, transcendental ulps
  sum: { atol: 1e-5, rtol: 1e-4 }, // f32 dot products / reductions (CPU order differs)
  norm: { atol: 5e-5, rtol: 2e-4 }, // statistics then a normalised output
  optim: { atol: 1e-6, rtol: 1e-4 }, // divisions by sqrt of small state
} as const;

const N = 3; // samples in the batch
const MAXN = 4; // samples the buffers hold (the last batch of an epoch is partial)
const rtOf = (over: Partial<Runtime> = {}): Runtime => ({ n: N, step: 3, lr: 0.05, seed: 42, lossSlot: 2, ...over });

const positive = (lo: number, hi: number) => (a: Float32Array, rng: Rng) => {
  for (let i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * rng.uniform();
};
const scale = (k: number) => (a: Float32Array) => {
  for (let i = 0; i < a.length; i++) a[i] *= k;
};

const cases: OpCase[] = [];
/** A case of kernel K: its parameters are checked against the contract. */
export type AddCase = typeof add;
const add = <K extends KernelName>(
  kernel: K,
  name: string,
  sizes: number[],
  p: ParamsOf<NoInfer<K>>,
  tol: Tol,
  prep?: OpCase['prep'],
  rt = rtOf(),
) => cases.push({ kernel, name, sizes, p, rt, tol, prep });

// ---- gemm: NN forward, NT (dX = dY W^T), TN (dW = X^T dY), accumulate, TT, odd sizes ----
add('gemm', 'NN [n,7]x[7,5] (dense forward)', [MAXN * 7, 35, MAXN * 5], { m: 1, n: 5, k: 7, bm: 1 }, TOL.sum);
add('gemm', 'NN rows [2n,7]x[7,5]', [MAXN * 14, 35, MAXN * 10], { m: 2, n: 5, k: 7, bm: 1 }, TOL.sum);
add('gemm', 'NT dX = dY W^T', [MAXN * 5, 35, MAXN * 7], { m: 1, n: 7, k: 5, bm: 1, tb: 1 }, TOL.sum);
add('gemm', 'TN dW = X^T dY (k batched)', [MAXN * 7, MAXN * 5, 35], { m: 7, n: 5, k: 1, bk: 1, ta: 1 }, TOL.sum);
add('gemm', 'NN accumulate', [30, 24, 20], { m: 5, n: 4, k: 6, acc: 1 }, TOL.sum);
add('gemm', 'TT', [30, 24, 20], { m: 5, n: 4, k: 6, ta: 1, tb: 1 }, TOL.sum);
add('gemm', 'NN 33x65 . 65x17', [33 * 65, 65 * 17, 33 * 17], { m: 33, n: 17, k: 65 }, TOL.sum);
add('gemm', 'NT 33x65 . (17x65)^T (transposed packing)', [33 * 65, 17 * 65, 33 * 17], { m: 33, n: 17, k: 65, tb: 1 }, TOL.sum);
add('gemm', 'TN (65x33)^T . 65x17', [65 * 33, 65 * 17, 33 * 17], { m: 33, n: 17, k: 65, ta: 1 }, TOL.sum);
add('gemm', 'scalar 1x1x1', [MAXN, 1, MAXN], { m: 1, n: 1, k: 1, bm: 1 }, TOL.sum);

// ---- elementwise ----
for (const [outer, c, inner] of [
  [1, 5, 1],
  [1, 3, 4],
  [2, 3, 1],
  [2, 3, 9], // SIMD lanes and a scalar tail per channel (the wasm epilogues)
] as const) {
  const geo = { outer, c, inner },
    len = MAXN * outer * c * inner;
  add('bias_add', `outer ${outer} c ${c} inner ${inner}`, [len, c, len], geo, TOL.elementwise);
  add('bias_grad', `outer ${outer} c ${c} inner ${inner}`, [len, c], geo, TOL.sum);
}
for (const [fn, alpha] of [
  ['relu', 0],
  ['gelu', 0],
  ['elu', 1],
  ['tanh', 0],
] as const) {
  const geo = { outer: 1, c: 3, inner: 4, fn: ACT[fn], alpha, len: 12 },
    len = MAXN * 12;
  add('bias_act', `${fn}, c 3 inner 4`, [len, 3, len], geo, TOL.elementwise, (a) => scale(3)(a[0]!));
}
add(
  'bias_act',
  'relu, outer 2 c 3 inner 9',
  [MAXN * 54, 3, MAXN * 54],
  { outer: 2, c: 3, inner: 9, fn: ACT.relu, alpha: 0, len: 54 },
  TOL.elementwise,
  (a) => scale(3)(a[0]!),
);
for (const [len, batched] of [
  [10, 1],
  [13, 0],
] as const) {
  const total = batched ? MAXN * len : len,
    p = { len, batched };
  add('add', `len ${len} batched ${batched}`, [total, total, total], p, TOL.elementwise);
  add('copy', `len ${len} batched ${batched}`, [total, total], p, TOL.exact);
  add('acc_add', `len ${len} batched ${batched}`, [total, total], p, TOL.elementwise);
}
const ACTS: [ActName, number][] = [
  ['relu', 0],
  ['leaky_relu', 0.01],
  ['elu', 1],
  ['gelu', 0],
  ['sigmoid', 0],
  ['tanh', 0],
];
for (const [fn, alpha] of ACTS) {
  const code = ACT[fn],
    L = 17 * MAXN,
    p = { fn: code, alpha, len: 17 };
  add('act_fwd', fn, [L, L], p, TOL.elementwise, (a) => scale(4)(a[0]!));
  // y must be f(x) for the backward formulas that use it: take it from the CPU forward in prep.
  add('act_bwd', fn, [L, L, L, L], p, TOL.elementwise, (a) => {
    scale(4)(a[0]!);
    for (let i = 0; i < L; i++) {
      const v = a[0]![i]!;
      a[1]![i] = code === ACT.elu ? (v > 0 ? v : alpha * Math.expm1(v)) : code === ACT.sigmoid ? 1 / (1 + Math.exp(-v)) : Math.tanh(v);
    }
  });
}
add('act_fwd', 'tanh saturates (|x| up to 60)', [20 * MAXN, 20 * MAXN], { fn: ACT.tanh, len: 20 }, TOL.elementwise, (a) =>
  scale(60)(a[0]!),
);
add('dropout_fwd', 'p 0.3', [50 * MAXN, 50 * MAXN, 50 * MAXN], { p: 0.3, len: 50, salt: 12345 }, TOL.elementwise);
add(
  'dropout_fwd',
  'p 0.5, seed 2^32-1, step 1',
  [50 * MAXN, 50 * MAXN, 50 * MAXN],
  { p: 0.5, len: 50, salt: 7 },
  TOL.elementwise,
  undefined,
  rtOf({ seed: 4294967295, step: 1 }),
);
add('dropout_bwd', 'len 50', [50 * MAXN, 50 * MAXN, 50 * MAXN], { len: 50 }, TOL.elementwise);

// ---- conv2d: geometry from (c, h, w, o, k, stride, pad top/left, pad bottom/right) ----
function convGeo(c: number, h: number, w: number, o: number, k: number, s: number, pt: number, pb: number) {
  const oh = Math.floor((h + pt + pb - k) / s) + 1,
    ow = Math.floor((w + pt + pb - k) / s) + 1;
  return { c, h, w, o, kh: k, kw: k, sh: s, sw: s, pt, pl: pt, oh, ow };
}
const CONVS: [string, ReturnType<typeof convGeo>][] = [
  ['3x3 valid', convGeo(2, 5, 5, 3, 3, 1, 0, 0)],
  ['3x3 same', convGeo(2, 5, 4, 3, 3, 1, 1, 1)],
  ['3x3 stride 2 pad 1', convGeo(2, 6, 6, 2, 3, 2, 1, 1)],
  ['2x2 even same (pad 0/1)', convGeo(1, 4, 4, 2, 2, 1, 0, 1)],
  ['1x1', convGeo(3, 3, 3, 4, 1, 1, 0, 0)],
  ['5x5 pad 2, 8 channels', convGeo(8, 7, 7, 6, 5, 1, 2, 2)],
  ['5x5 pad 2 on 2x3 (windows wider than the input)', convGeo(2, 2, 3, 2, 5, 1, 2, 2)],
];
for (const [name, g] of CONVS) {
  const xs = MAXN * g.c * g.h * g.w,
    ws = g.o * g.c * g.kh * g.kw,
    ys = MAXN * g.o * g.oh * g.ow;
  add('conv2d_fwd', name, [xs, ws, ys], g, TOL.sum);
  add('conv2d_bwd_filter', name, [xs, ys, ws], g, TOL.sum);
  add('conv2d_bwd_data', name, [ys, ws, xs], g, TOL.sum);
}

// ---- pooling ----
function poolGeo(c: number, h: number, w: number, k: number, s: number, pad: number) {
  const oh = Math.floor((h + 2 * pad - k) / s) + 1,
    ow = Math.floor((w + 2 * pad - k) / s) + 1;
  return { c, h, w, kh: k, kw: k, sh: s, sw: s, pt: pad, pl: pad, oh, ow };
}
const POOLS: [string, ReturnType<typeof poolGeo>][] = [
  ['2x2', poolGeo(2, 4, 4, 2, 2, 0)],
  ['3 stride 2 pad 1', poolGeo(1, 5, 5, 3, 2, 1)],
  ['3 stride 1 pad 1 (overlapping)', poolGeo(2, 4, 5, 3, 1, 1)],
  ['2x2 odd input 5x5', poolGeo(1, 5, 5, 2, 2, 0)],
  ['2x2 on 6x11 (rows of 5 outputs)', poolGeo(2, 6, 11, 2, 2, 0)],
];
for (const [name, g] of POOLS) {
  const xs = MAXN * g.c * g.h * g.w,
    ys = MAXN * g.c * g.oh * g.ow;
  add('maxpool_fwd', name, [xs, ys, ys], g, TOL.exact);
  add('maxpool_bwd', name, [ys, ys, xs], g, TOL.elementwise, (a, rng, rt) => {
    // A valid argmax: the CPU forward of a random input (ties are measure-zero).
    const x = new Float32Array(xs).map(() => rng.uniform()),
      y = new Float32Array(ys);
    maxpoolFwd([x, y, a[1]!], g, rt);
  });
  add('avgpool_fwd', name, [xs, ys], g, TOL.elementwise);
  add('avgpool_bwd', name, [ys, xs], g, TOL.elementwise);
}
{
  // Ties: three levels only, so windows often hold equal maxima: the first in (ky, kx) order wins.
  const g = poolGeo(2, 6, 10, 2, 2, 0), // 5 outputs a row: four at once and a tail
    xs = MAXN * g.c * g.h * g.w;
  add('maxpool_fwd', '2x2 with ties', [xs, MAXN * g.c * 15, MAXN * g.c * 15], g, TOL.exact, (a) => {
    for (let i = 0; i < xs; i++) a[0]![i] = Math.floor(a[0]![i]! * 3) % 3;
  });
}
add('gap_fwd', 'c 3 hw 5', [MAXN * 15, MAXN * 3], { c: 3, hw: 5 }, TOL.sum);
add('gap_bwd', 'c 3 hw 5', [MAXN * 3, MAXN * 15], { c: 3, hw: 5 }, TOL.elementwise);

// ---- normalisation ----
for (const [c, inner] of [
  [3, 4],
  [5, 1],
  [2, 40],
] as const) {
  const L = MAXN * c * inner,
    p = { c, inner, eps: 1e-5, momentum: 0.1 };
  const stats = (a: Float32Array[], rng: Rng) => positive(0.5, 1.5)(a[4]!, rng); // running var > 0
  add('bn_fwd_train', `c ${c} inner ${inner}`, [L, c, c, c, c, L, c, c], p, TOL.norm, stats);
  add('bn_fwd_eval', `c ${c} inner ${inner}`, [L, c, c, c, c, L], p, TOL.norm, stats);
  add('bn_bwd', `c ${c} inner ${inner}`, [L, c, c, c, L, L, c, c], { c, inner }, TOL.norm, (a, rng) => positive(0.5, 2)(a[3]!, rng));
}
add(
  'bn_fwd_train',
  'batch of 1 (unbiased var of one value)',
  [4, 4, 4, 4, 4, 4, 4, 4],
  { c: 4, inner: 1, eps: 1e-5, momentum: 0.1 },
  TOL.norm,
  undefined,
  rtOf({ n: 1 }),
);
for (const [d, rows] of [
  [6, 2],
  [70, 1],
] as const) {
  const L = MAXN * d * rows,
    R = MAXN * rows,
    p = { d, len: d * rows, eps: 1e-5 };
  add('ln_fwd', `d ${d} rows ${rows}`, [L, d, d, L, R, R], p, TOL.norm);
  add('ln_bwd', `d ${d} rows ${rows}`, [L, d, R, R, L, L, d, d], { d, len: d * rows }, TOL.norm, (a, rng) => positive(0.5, 2)(a[3]!, rng));
}

// ---- softmax and losses ----
for (const [d, len] of [
  [5, 10],
  [1, 3],
] as const) {
  const L = MAXN * len;
  add('softmax_fwd', `d ${d} len ${len}`, [L, L], { d, len }, TOL.elementwise, (a) => scale(5)(a[0]!));
  add('softmax_bwd', `d ${d} len ${len}`, [L, L, L], { d, len }, TOL.elementwise, (a, _r, rt) => {
    const x = new Float32Array(L).map((_, i) => Math.sin(i));
    softmaxFwd([x, a[0]!], { d, len }, rt);
  });
}
const LOSSES: [string, ParamsOf<'loss_fwd'>][] = [
  ['mse', { kind: LOSS.mse, d: 4 }],
  ['mae', { kind: LOSS.mae, d: 4 }],
  ['huber delta 0.5', { kind: LOSS.huber, d: 4, delta: 0.5 }],
  ['cross_entropy', { kind: LOSS.cross_entropy, d: 5, smoothing: 0 }],
  ['cross_entropy smoothing 0.1', { kind: LOSS.cross_entropy, d: 5, smoothing: 0.1 }],
  ['binary_cross_entropy (logits)', { kind: LOSS.binary_cross_entropy, d: 4 }],
  ['bce_with_logits pos_weight 2.5', { kind: LOSS.binary_cross_entropy, d: 4, pos_weight: 2.5 }],
];
for (const [name, p] of LOSSES) {
  const D = p.d,
    ce = p.kind === LOSS.cross_entropy,
    T = ce ? MAXN : MAXN * D;
  const prep = (a: Float32Array[], rng: Rng) => {
    scale(3)(a[0]!);
    if (ce) for (let i = 0; i < T; i++) a[1]![i] = rng.int(D);
    if (p.kind === LOSS.binary_cross_entropy) positive(0, 1)(a[1]!, rng);
  };
  add('loss_fwd', name, [MAXN * D, T, 17], p, TOL.sum, prep);
  add('loss_bwd', name, [MAXN * D, T, MAXN * D], p, TOL.elementwise, prep);
}

// Per-token cross-entropy ([T, V] outputs, a target per token): some targets ignored, all of
// them ignored (loss 0, gradient 0), and rows past one 256-lane group (loss_bwd's own count).
const PER_TOKEN: [string, number, number, number, number][] = [
  // name, T, V, smoothing, fraction ignored
  ['per-token T 7 V 5, some ignored', 7, 5, 0, 0.3],
  ['per-token T 7 V 5 smoothing 0.1, some ignored', 7, 5, 0.1, 0.3],
  ['per-token T 6 V 4, every target ignored', 6, 4, 0, 1],
  ['per-token T 90 V 3 (rows past one group)', 90, 3, 0.05, 0.2],
];
crossEntropyCases(add, TOL, MAXN, PER_TOKEN, 3);

// ---- sequence pooling and the cls token ----
// Token ids with zeros (padding) where the call is masked; sample 3 of 4 is all padding.
const tokensWithPadding = (i: number, per: number) => (a: Float32Array[], rng: Rng) => {
  for (let k = 0; k < a[i]!.length; k++) a[i]![k] = Math.floor(k / per) === 2 || rng.uniform() < 0.3 ? 0 : 1 + rng.int(9);
};
for (const [mode, code] of Object.entries(POOL)) {
  for (const [how, masked, shift] of [
    ['', 0, 0],
    [' masked', 1, 0],
    [' masked shift 1', 1, 1],
  ] as const) {
    const t = 7,
      d = 5,
      p = { t, d, mode: code, ...(masked ? { masked, shift } : {}) };
    const prep = masked ? tokensWithPadding(1, t - shift) : undefined;
    add('seqpool_fwd', `${mode}${how}`, [MAXN * t * d, MAXN * (t - shift), MAXN * d], p, TOL.sum, prep);
    add('seqpool_bwd', `${mode}${how}`, [MAXN * d, MAXN * (t - shift), MAXN * t * d], p, TOL.elementwise, prep);
  }
}
add('prepend_fwd', 't 6 d 4', [MAXN * 24, 4, MAXN * 28], { t: 6, d: 4 }, TOL.exact);
add('prepend_bwd', 't 6 d 4', [MAXN * 28, MAXN * 24, 4], { t: 6, d: 4 }, TOL.sum);

// ---- optimizers (norm holds a sum of squares: positive) ----
const norm = (i: number) => (a: Float32Array[], rng: Rng) => positive(1, 16)(a[i]!, rng);
const L = 300;
add('sumsq', 'len 300', [L, 1], { len: L, acc: 0 }, TOL.sum);
add('sumsq', 'len 300 accumulate', [L, 1], { len: L, acc: 1 }, TOL.sum, (a) => void (a[1]![0] = 2.5));
add('l1_grad', 'l1 0.01', [L, L], { len: L, l1: 0.01 }, TOL.elementwise, (a) => void (a[0]![3] = 0));
// A pruning mask: about half zeros, the rest ones; pruned entries must come out exactly 0.
const mask01 = (a: Float32Array[], rng: Rng) => void a[1]!.forEach((_, i) => (a[1]![i] = rng.uniform() < 0.5 ? 0 : 1));
add('mask_apply', 'half pruned', [L, L], { len: L }, TOL.exact, mask01);
const SGD: [string, Omit<ParamsOf<'sgd'>, 'len'>, Partial<Runtime>?][] = [
  ['plain', { momentum: 0, dampening: 0, nesterov: 0, wd: 0, clip: 0 }],
  ['momentum 0.9 first step', { momentum: 0.9, dampening: 0, nesterov: 0, wd: 0, clip: 0 }, { step: 1 }],
  ['momentum 0.9 dampening 0.1', { momentum: 0.9, dampening: 0.1, nesterov: 0, wd: 0, clip: 0 }],
  ['nesterov, wd 0.01, clip 1', { momentum: 0.9, dampening: 0, nesterov: 1, wd: 0.01, clip: 1 }],
];
for (const [name, p, r] of SGD) add('sgd', name, [L, L, L, 1], { len: L, ...p }, TOL.optim, norm(3), rtOf(r));
const ADAM: [string, Omit<ParamsOf<'adam'>, 'len'>, Partial<Runtime>?][] = [
  ['step 1', { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: 0, clip: 0 }, { step: 1 }],
  ['step 7, coupled wd 0.01', { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.01, decoupled: 0, clip: 0 }, { step: 7 }],
  ['adamw wd 0.01, clip 2', { b1: 0.9, b2: 0.99, eps: 1e-8, wd: 0.01, decoupled: 1, clip: 2 }],
];
for (const [name, p, r] of ADAM)
  add(
    'adam',
    name,
    [L, L, L, L, 1],
    { len: L, ...p },
    TOL.optim,
    (a, rng) => {
      positive(0, 0.5)(a[3]!, rng);
      norm(4)(a, rng);
    },
    rtOf(r),
  );
for (const [name, p, r] of ADAM)
  add(
    'amsgrad',
    name,
    [L, L, L, L, L, 1],
    { len: L, ...p },
    TOL.optim,
    (a, rng) => {
      positive(0, 0.5)(a[3]!, rng);
      positive(0, 0.5)(a[4]!, rng);
      norm(5)(a, rng);
    },
    rtOf(r),
  );
/** RMSprop's and Adagrad's running sum of squares (argument 2) is positive, and so is the gradient norm (argument `at`). */
const squares = (at: number) => (a: Float32Array[], rng: Rng) => {
  positive(0, 1)(a[2]!, rng);
  norm(at)(a, rng);
};
add('rmsprop', 'alpha 0.99', [L, L, L, L, 1], { len: L, alpha: 0.99, eps: 1e-8, momentum: 0, wd: 0, clip: 0 }, TOL.optim, squares(4));
add(
  'rmsprop',
  'momentum 0.9, wd 0.01',
  [L, L, L, L, 1],
  { len: L, alpha: 0.99, eps: 1e-8, momentum: 0.9, wd: 0.01, clip: 0 },
  TOL.optim,
  squares(4),
);
// Centered: sq >= gavg^2 as the running averages keep it.
const centered = (a: Float32Array[], rng: Rng) => {
  positive(0.3, 1)(a[2]!, rng);
  positive(-0.5, 0.5)(a[3]!, rng);
  norm(5)(a, rng);
};
add(
  'rmsprop_centered',
  'alpha 0.99',
  [L, L, L, L, L, 1],
  { len: L, alpha: 0.99, eps: 1e-8, momentum: 0, wd: 0, clip: 0 },
  TOL.optim,
  centered,
);
add(
  'rmsprop_centered',
  'momentum 0.9, wd 0.01, clip 1',
  [L, L, L, L, L, 1],
  { len: L, alpha: 0.9, eps: 1e-8, momentum: 0.9, wd: 0.01, clip: 1 },
  TOL.optim,
  centered,
);
add('adagrad', 'eps 1e-10', [L, L, L, 1], { len: L, eps: 1e-10, wd: 0, clip: 0 }, TOL.optim, squares(3));
add('adagrad', 'wd 0.1 clip 0.5', [L, L, L, 1], { len: L, eps: 1e-10, wd: 0.1, clip: 0.5 }, TOL.optim, squares(3));
add(
  'adagrad',
  'lr_decay 0.01 step 5',
  [L, L, L, 1],
  { len: L, eps: 1e-10, lr_decay: 0.01, acc0: 0.1 },
  TOL.optim,
  squares(3),
  rtOf({ step: 5 }),
);
add(
  'adagrad',
  'initial accumulator 0.1, first step',
  [L, L, L, 1],
  { len: L, eps: 1e-10, lr_decay: 0.01, acc0: 0.1 },
  TOL.optim,
  squares(3),
  rtOf({ step: 1 }),
);

sequenceCases(add, TOL, MAXN);
recurrentCases(add, MAXN);
quantCases(add, TOL, MAXN);
rowCases(add, TOL, MAXN);
distillCases(add, TOL, MAXN);
gemmCases(add, TOL, MAXN);

export const OP_CASES: readonly OpCase[] = cases;
