// The optimizer part of a training step: L1 penalty gradient, global-norm measurement for
// clipping, then the optimizer kernel over the decaying and the non-decaying segments.

import type { BufferRef, KernelCall } from '../backend';
import type { OptimizerSpec } from '../../graph/train-config';
import type { ParamLayout } from './params';

interface UpdateOptions {
  readonly optimizer: OptimizerSpec;
  readonly weightDecay: number;
  readonly l1: number;
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
    { from: 0, to: layout.decayEnd, decay: true },
    { from: layout.decayEnd, to: total, decay: false },
  ].filter((s) => s.to > s.from);
  const ref = (buffer: number, s: { from: number; to: number }) => ({ buffer, offset: s.from, size: s.to - s.from });
  const calls: KernelCall[] = [];
  const clip = o.clipNorm ?? 0;
  if (o.l1 > 0) {
    for (const s of segments) if (s.decay) calls.push({ kernel: 'l1_grad', args: [ref(bufs.params, s), ref(bufs.grads, s)], p: { len: s.to - s.from, l1: o.l1 } });
  }
  if (clip > 0) calls.push({ kernel: 'sumsq', args: [ref(bufs.grads, { from: 0, to: total }), normRef], p: { len: total, acc: 0 } });
  for (const s of segments) {
    const base = { len: s.to - s.from, clip, wd: s.decay ? o.weightDecay : 0 };
    calls.push(optimizerCall(o.optimizer, ref(bufs.params, s), ref(bufs.grads, s), state.map((b) => ref(b, s)), normRef, base));
  }
  return calls;
}

function stateNames(o: OptimizerSpec): string[] {
  switch (o.kind) {
    case 'sgd': return ['momentum'];
    case 'adam': case 'adamw': return o.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
    case 'rmsprop': return o.centered ? ['square_avg', 'grad_avg', 'momentum'] : ['square_avg', 'momentum'];
    case 'adagrad': return ['sum'];
  }
}

/** The optimizer's kernel over one segment: weights, gradients, its state (stateNames' order), the norm. */
function optimizerCall(o: OptimizerSpec, w: BufferRef, g: BufferRef, st: readonly BufferRef[], norm: BufferRef, base: { len: number; clip: number; wd: number }): KernelCall {
  switch (o.kind) {
    case 'sgd': return { kernel: 'sgd', args: [w, g, st[0]!, norm], p: { ...base, momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov ? 1 : 0 } };
    case 'adam': case 'adamw': {
      const p = { ...base, b1: o.beta1, b2: o.beta2, eps: o.eps, decoupled: o.kind === 'adamw' ? 1 : 0 };
      return o.amsgrad ? { kernel: 'amsgrad', args: [w, g, st[0]!, st[1]!, st[2]!, norm], p } : { kernel: 'adam', args: [w, g, st[0]!, st[1]!, norm], p };
    }
    case 'rmsprop': {
      const p = { ...base, alpha: o.alpha, eps: o.eps, momentum: o.momentum };
      return o.centered ? { kernel: 'rmsprop_centered', args: [w, g, st[0]!, st[1]!, st[2]!, norm], p } : { kernel: 'rmsprop', args: [w, g, st[0]!, st[1]!, norm], p };
    }
    case 'adagrad': return { kernel: 'adagrad', args: [w, g, st[0]!, norm], p: { ...base, eps: o.eps, lr_decay: o.lrDecay ?? 0, acc0: o.initialAccumulator ?? 0 } };
  }
}
