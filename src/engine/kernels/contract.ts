// The kernel contract: every kernel a plan may call, its arguments (buffer slices, in order) and
// its numeric parameters, declared once. Every backend implements exactly this table: the CPU
// reference (backends/cpu), the WGSL twins (backends/webgpu) and the WebAssembly backend to come
// (backends/wasm) are typed `{ [K in KernelName]: ... }` from it, so a kernel without its twin, a
// call with the wrong number of arguments or an unknown parameter is a compile error.
//
// `params` must be given by every call; `optional` may be omitted, and then reads as 0 (the WGSL
// ParamSpec `def`, the CPU's `?? 0`), except `delta` (Huber, 1) and `pos_weight` (1).
//
// Imports: only its own parts (contract-seq.ts). The autodiff rules and the plan compiler import this folder, never a
// backend; backends import it too.

import { SEQUENCE_KERNELS } from './contract-seq';

export const KERNELS = {
  // C (+)= op(A) op(B); bm/bk: m or k is per sample (times rt.n); ta/tb transpose; acc accumulates.
  gemm: { args: ['a', 'b', 'c'], params: ['m', 'n', 'k'], optional: ['bm', 'bk', 'ta', 'tb', 'acc'] },
  // x viewed as [n*outer, c, inner] around the bias axis.
  bias_add: { args: ['x', 'b', 'y'], params: ['outer', 'c', 'inner'] },
  bias_grad: { args: ['dy', 'db'], params: ['outer', 'c', 'inner'] },
  // y = act(x + b), fn an ACT code; len = outer*c*inner (per sample).
  bias_act: { args: ['x', 'b', 'y'], params: ['outer', 'c', 'inner', 'fn', 'len'], optional: ['alpha'] },
  // batched: len is per sample (times rt.n), else the whole length.
  add: { args: ['a', 'b', 'y'], params: ['len'], optional: ['batched'] },
  copy: { args: ['src', 'dst'], params: ['len'], optional: ['batched'] },
  acc_add: { args: ['src', 'dst'], params: ['len'], optional: ['batched'] },
  act_fwd: { args: ['x', 'y'], params: ['fn', 'len'], optional: ['alpha'] },
  act_bwd: { args: ['x', 'y', 'dy', 'dx'], params: ['fn', 'len'], optional: ['alpha'] },
  // p: drop probability; salt: per layer, so masks of different layers differ.
  dropout_fwd: { args: ['x', 'mask', 'y'], params: ['p', 'len', 'salt'] },
  dropout_bwd: { args: ['dy', 'mask', 'dx'], params: ['len'] },
  conv2d_fwd: { args: ['x', 'w', 'y'], params: ['c', 'h', 'w', 'o', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  conv2d_bwd_filter: { args: ['x', 'dy', 'dw'], params: ['c', 'h', 'w', 'o', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  conv2d_bwd_data: { args: ['dy', 'w', 'dx'], params: ['c', 'h', 'w', 'o', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  // am: the argmax of each window, an f32 index into its plane.
  maxpool_fwd: { args: ['x', 'y', 'am'], params: ['c', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  maxpool_bwd: { args: ['dy', 'am', 'dx'], params: ['c', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  avgpool_fwd: { args: ['x', 'y'], params: ['c', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  avgpool_bwd: { args: ['dy', 'dx'], params: ['c', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] },
  gap_fwd: { args: ['x', 'y'], params: ['c', 'hw'] },
  gap_bwd: { args: ['dy', 'dx'], params: ['c', 'hw'] },
  bn_fwd_train: { args: ['x', 'gamma', 'beta', 'rmean', 'rvar', 'y', 'mean', 'invstd'], params: ['c', 'inner', 'eps', 'momentum'] },
  bn_fwd_eval: { args: ['x', 'gamma', 'beta', 'rmean', 'rvar', 'y'], params: ['c', 'inner', 'eps'] },
  bn_bwd: { args: ['x', 'gamma', 'mean', 'invstd', 'dy', 'dx', 'dgamma', 'dbeta'], params: ['c', 'inner'] },
  ln_fwd: { args: ['x', 'gamma', 'beta', 'y', 'mean', 'invstd'], params: ['d', 'len', 'eps'] },
  ln_bwd: { args: ['x', 'gamma', 'mean', 'invstd', 'dy', 'dx', 'dgamma', 'dbeta'], params: ['d', 'len'] },
  // Sequence pooling of x [t, d] per sample, mode a POOL code. masked: tok holds the sample's
  // token ids [t - shift]; positions past shift whose token is 0 are padding (left out of mean
  // and last). Unmasked calls pass any tensor as tok (not read).
  seqpool_fwd: { args: ['x', 'tok', 'y'], params: ['t', 'd', 'mode'], optional: ['masked', 'shift'] },
  seqpool_bwd: { args: ['dy', 'tok', 'dx'], params: ['t', 'd', 'mode'], optional: ['masked', 'shift'] },
  // y [t + 1, d] = c [d] then x [t, d]; the backward writes dx and dc (dc summed over the batch).
  prepend_fwd: { args: ['x', 'c', 'y'], params: ['t', 'd'] },
  prepend_bwd: { args: ['dy', 'dx', 'dc'], params: ['t', 'd'] },
  softmax_fwd: { args: ['x', 'y'], params: ['d', 'len'] },
  softmax_bwd: { args: ['y', 'dy', 'dx'], params: ['d', 'len'] },
  // kind: a LOSS code; the forward writes the mean loss at rt.lossSlot of lossLog.
  // pos_weight: binary cross-entropy's weight of the positive term (BCEWithLogitsLoss).
  // rows: cross-entropy rows of d logits per sample (a [T, V] output: T; absent: 1), one target
  // each; targets of IGNORE_INDEX count for nothing, the mean is over the counted rows (none: 0).
  // distill: target holds the class indices at [0, soft) and the teacher's logits [n, d] from soft on;
  // the loss is alpha T^2 KL(softmax(teacher/T) || softmax(out/T)) + (1 - alpha) CE(out, class).
  loss_fwd: {
    args: ['out', 'target', 'lossLog'],
    params: ['kind', 'd'],
    optional: ['delta', 'smoothing', 'pos_weight', 'rows', 'temperature', 'alpha', 'soft'],
  },
  loss_bwd: {
    args: ['out', 'target', 'dout'],
    params: ['kind', 'd'],
    optional: ['delta', 'smoothing', 'pos_weight', 'rows', 'temperature', 'alpha', 'soft'],
  },
  sumsq: { args: ['g', 'out'], params: ['len'], optional: ['acc'] },
  l1_grad: { args: ['w', 'g'], params: ['len', 'l1'] },
  // Pruning: x *= mask (1 kept, 0 pruned), over the gradients before the update and the weights after it.
  mask_apply: { args: ['x', 'mask'], params: ['len'] },
  // Fake quantization (quantize then dequantize, as PyTorch's fake_quantize_per_channel_affine and
  // ONNX's QuantizeLinear/DequantizeLinear pair): x viewed as [rows, c, inner] (len per sample,
  // times rt.n when batched); qp holds c scales then c zero points; q = clamp(rint(x / scale) + zp,
  // qmin, qmax) with rint rounding half to even; y = (q - zp) * scale. The backward is the
  // straight-through estimator: dx = dy where rint(x / scale) + zp lies in [qmin, qmax], else 0.
  fake_quant_fwd: { args: ['x', 'qp', 'y'], params: ['len', 'c', 'inner', 'qmin', 'qmax'], optional: ['batched'] },
  fake_quant_bwd: { args: ['x', 'qp', 'dy', 'dx'], params: ['len', 'c', 'inner', 'qmin', 'qmax'], optional: ['batched'] },
  // Optimizers: norm holds the gradients' sum of squares (clip > 0 scales them by it).
  sgd: { args: ['w', 'g', 'buf', 'norm'], params: ['len'], optional: ['momentum', 'dampening', 'nesterov', 'wd', 'clip'] },
  adam: { args: ['w', 'g', 'm', 'v', 'norm'], params: ['len', 'b1', 'b2', 'eps'], optional: ['wd', 'decoupled', 'clip'] },
  // Adam/AdamW with amsgrad: vmax, the running maximum of v, is the denominator's.
  amsgrad: { args: ['w', 'g', 'm', 'v', 'vmax', 'norm'], params: ['len', 'b1', 'b2', 'eps'], optional: ['wd', 'decoupled', 'clip'] },
  rmsprop: { args: ['w', 'g', 'sq', 'buf', 'norm'], params: ['len', 'alpha', 'eps'], optional: ['momentum', 'wd', 'clip'] },
  // Centered RMSprop: gavg, the running mean of the gradient.
  rmsprop_centered: {
    args: ['w', 'g', 'sq', 'gavg', 'buf', 'norm'],
    params: ['len', 'alpha', 'eps'],
    optional: ['momentum', 'wd', 'clip'],
  },
  // lr_decay: lr / (1 + (step - 1) lr_decay); acc0: the accumulator's value before the first step.
  adagrad: { args: ['w', 'g', 'acc', 'norm'], params: ['len', 'eps'], optional: ['wd', 'clip', 'lr_decay', 'acc0'] },
  ...SEQUENCE_KERNELS,
  // Recurrent layers (cpu/recurrent.ts): cell a CELL code; step s of seq (its time t is s, or
  // seq-1-s for dir 1); y [seq, dirs*h] holds the directions side by side (PyTorch's order).
  rnn_step_fwd: { args: ['xg', 'whh', 'bih', 'bhh', 'y', 'sv', 'hp'], params: ['cell', 's', 'seq', 'h', 'dirs', 'dir'] },
  rnn_step_bwd: { args: ['whh', 'sv', 'hp', 'y', 'dy', 'carry', 'dgi', 'dgh'], params: ['cell', 's', 'seq', 'h', 'dirs', 'dir'] },
  // h_n: the forward direction's last step, the reverse direction's first.
  last_state_fwd: { args: ['x', 'y'], params: ['seq', 'h', 'dirs'] },
  last_state_bwd: { args: ['dy', 'dx'], params: ['seq', 'h', 'dirs'] },
} as const satisfies Readonly<Record<string, KernelSpec>>;

interface KernelSpec {
  readonly args: readonly string[];
  readonly params: readonly string[];
  readonly optional?: readonly string[];
}

export type KernelName = keyof typeof KERNELS;
type Spec<K extends KernelName> = (typeof KERNELS)[K];
type Required<K extends KernelName> = Spec<K>['params'][number];
type Optional<K extends KernelName> = Spec<K> extends { readonly optional: readonly (infer O extends string)[] } ? O : never;

export type ArgName<K extends KernelName> = Spec<K>['args'][number];
export type ParamName<K extends KernelName> = Required<K> | Optional<K>;
/** A call's parameters: the required ones, and any of the optional ones. */
export type ParamsOf<K extends KernelName> = { readonly [P in Required<K>]: number } & { readonly [P in Optional<K>]?: number };

type EachOf<T extends readonly unknown[], X> = { readonly [I in keyof T]: X };
/** One X per argument of K, in the contract's order (a tuple: the arity is checked). */
export type ArgsOf<K extends KernelName, X> = EachOf<Spec<K>['args'], X>;

/** A call of kernel K with arguments of type X (compile-time tensors, or buffer slices). */
export interface CallOf<K extends KernelName, X> {
  readonly kernel: K;
  readonly args: ArgsOf<K, X>;
  readonly p: ParamsOf<K>;
}
/** A call of any kernel, discriminated by name. */
export type AnyCall<X> = { [K in KernelName]: CallOf<K, X> }[KernelName];

export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

export function isKernelName(name: string): name is KernelName {
  return Object.hasOwn(KERNELS, name);
}

/** The same call with each argument mapped (tensors -> buffer slices): one cast, here. */
export function mapArgs<X, Y>(c: AnyCall<X>, f: (x: X, i: number) => Y): AnyCall<Y> {
  return { kernel: c.kernel, p: c.p, args: (c.args as readonly X[]).map(f) } as unknown as AnyCall<Y>;
}
