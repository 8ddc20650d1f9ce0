// The optimizer part of a training step: L1 penalty gradient, global-norm measurement for
// clipping, then the optimizer kernel over the two segments of the layout: dense and conv
// weights, then the rest (biases, norm scales and shifts). Weight decay and L1 reach both
// segments (PyTorch's default: every parameter) unless their scope is 'weights'.

import type { BufferRef, KernelCall } from '../backend';
import type { OptimizerSpec, PenaltyScope } from '../../graph/train-config';
import type { ParamLayout } from './params';

interface UpdateOptions {
  readonly optimizer: OptimizerSpec;
  readonly weightDecay: number;
  readonly l1: number;
  readonly weightDecayOn?: PenaltyScope;
  readonly l1On?: PenaltyScope;
  readonly clipNorm: number | null;
}

export function updateCalls(
  o: UpdateOptions,
  layout: ParamLayout,
  bufs: { params: number; grads: number },
  addBuffer: (name: string, size: number) => number,
): KernelCall[] {
  const total = layout.trainableSize;
  if (total === 0) return [];
  const norm = addBuffer('grad_norm', 1);
  const normRef = { buffer: norm, offset: 0, size: 1 };
  const state = stateNames(o.optimizer).map((name) => addBuffer(`opt.${name}`, total));
  const segments = [
    { from: 0, to: layout.decayEnd, weights: true },
    { from: layout.decayEnd, to: total, weights: false },
  ].filter((s) => s.to > s.from);
  const ref = (buffer: number, s: { from: number; to: number }) => ({ buffer, offset: s.from, size: s.to - s.from });
  const calls: KernelCall[] = [];
  const clip = o.clipNorm ?? 0;
  const reaches = (scope: PenaltyScope | undefined, s: { weights: boolean }) => s.weights || (scope ?? 'all') === 'all';
  if (o.l1 > 0) {
    for (const s of segments)
      if (reaches(o.l1On, s))
        calls.push({ kernel: 'l1_grad', args: [ref(bufs.params, s), ref(bufs.grads, s)], p: { len: s.to - s.from, l1: o.l1 } });
  }
  if (clip > 0) calls.push({ kernel: 'sumsq', args: [ref(bufs.grads, { from: 0, to: total }), normRef], p: { len: total, acc: 0 } });
  for (const s of segments) {
    const base = { len: s.to - s.from, clip, wd: reaches(o.weightDecayOn, s) ? o.weightDecay : 0 };
    calls.push(
      optimizerCall(
        o.optimizer,
        ref(bufs.params, s),
        ref(bufs.grads, s),
        state.map((b) => ref(b, s)),
        normRef,
        base,
      ),
    );
  }
  return calls;
}

function stateNames(o: OptimizerSpec): string[] {
  switch (o.kind) {
    case 'sgd':
      return ['momentum'];
    case 'adam':
    case 'adamw':
      return o.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
    case 'rmsprop':
      return o.centered ? ['square_avg', 'grad_avg', 'momentum'] : ['square_avg', 'momentum'];
    case 'adagrad':
      return ['sum'];
  }
}

/** The optimizer's kernel over one segment: weights, gradients, its state (stateNames' order), the norm. */
function optimizerCall(
  o: OptimizerSpec,
  w: BufferRef,
  g: BufferRef,
  st: readonly BufferRef[],
  norm: BufferRef,
  base: { len: number; clip: number; wd: number },
): KernelCall {
  switch (o.kind) {
    case 'sgd':
      return {
        kernel: 'sgd',
        args: [w, g, st[0]!, norm],
        p: { ...base, momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov ? 1 : 0 },
      };
    case 'adam':
    case 'adamw': {
      const p = { ...base, b1: o.beta1, b2: o.beta2, eps: o.eps, decoupled: o.kind === 'adamw' ? 1 : 0 };
      return o.amsgrad
        ? { kernel: 'amsgrad', args: [w, g, st[0]!, st[1]!, st[2]!, norm], p }
        : { kernel: 'adam', args: [w, g, st[0]!, st[1]!, norm], p };
    }
    case 'rmsprop': {
      const p = { ...base, alpha: o.alpha, eps: o.eps, momentum: o.momentum };
      return o.centered
        ? { kernel: 'rmsprop_centered', args: [w, g, st[0]!, st[1]!, st[2]!, norm], p }
        : { kernel: 'rmsprop', args: [w, g, st[0]!, st[1]!, norm], p };
    }
    case 'adagrad':
      return {
        kernel: 'adagrad',
        args: [w, g, st[0]!, norm],
        p: { ...base, eps: o.eps, lr_decay: o.lrDecay ?? 0, acc0: o.initialAccumulatorValue ?? 0 },
      };
  }
}

/** Pruning's masks over the dense and conv weights [0, decayEnd): `mask` (1 kept, 0 pruned, written
 *  by the host), applied to the gradients at the end of the backward pass (the gradient of
 *  L(w ⊙ mask) is mask ⊙ ∇L) and to the weights after the optimizer, so a pruned weight stays
 *  exactly 0 whatever the optimizer's state (momentum, Adam's moments) would move it by. */
export function pruneCalls(
  layout: ParamLayout,
  bufs: { params: number; grads: number },
  addBuffer: (name: string, size: number) => number,
): { mask: number; grads: KernelCall[]; weights: KernelCall[] } | null {
  const len = layout.decayEnd;
  if (len === 0) return null;
  const mask = addBuffer('prune.mask', len);
  const on = (buffer: number): KernelCall[] => [
    {
      kernel: 'mask_apply',
      args: [
        { buffer, offset: 0, size: len },
        { buffer: mask, offset: 0, size: len },
      ],
      p: { len },
    },
  ];
  return { mask, grads: on(bufs.grads), weights: on(bufs.params) };
}
