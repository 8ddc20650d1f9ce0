// Pruned training runs, one per optimizer (and its variants), shared by the CPU unit test and the
// WebGPU test: masks must keep every pruned weight exactly 0 through steps whose optimizer state
// (momentum, Adam's moments, Adagrad's sum) would otherwise move it. No Node imports here.

import type { Backend } from '../../src/engine/backend';
import { split } from '../../src/engine/data/dataset';
import { generate } from '../../src/engine/data/synthetic';
import { train, type TrainInput } from '../../src/engine/train/trainer';
import type { RunEnd } from '../../src/engine/train/types';
import type { OptimizerSpec, PruneSpec } from '../../src/graph/train-config';
import { trainConfig } from '../../src/lang/test-config';
import { GraphBuilder } from '../../src/lang/test-graph';

const ADAM = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
export const PRUNE_OPTIMIZERS: readonly [string, OptimizerSpec][] = [
  ['sgd', { kind: 'sgd', lr: 0.05, momentum: 0, nesterov: false, dampening: 0 }],
  ['sgd nesterov', { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, dampening: 0 }],
  ['adam', { kind: 'adam', ...ADAM }],
  ['adam amsgrad', { kind: 'adam', ...ADAM, amsgrad: true }],
  ['adamw', { kind: 'adamw', ...ADAM }],
  ['rmsprop momentum', { kind: 'rmsprop', lr: 0.005, alpha: 0.99, eps: 1e-8, momentum: 0.9 }],
  ['rmsprop centered', { kind: 'rmsprop', lr: 0.005, alpha: 0.99, eps: 1e-8, momentum: 0, centered: true }],
  ['adagrad', { kind: 'adagrad', lr: 0.05, eps: 1e-10, initialAccumulatorValue: 0.1 }],
];

/** Half of the 8·16 + 16·8 + 8·3 = 280 dense weights, pruned over epochs 1..2 of 4. */
export const PRUNE: PruneSpec = { method: 'magnitude', sparsity: 0.5, scope: 'global', by: 'weight', from: 1, to: 2, curve: 'cubic' };
export const PRUNABLE = 280;

export function prunedRun(
  backend: Backend,
  optimizer: OptimizerSpec,
  prune: PruneSpec = PRUNE,
  inspect: TrainInput['inspect'] = null,
): Promise<RunEnd> {
  const data = split(generate({ generator: 'blobs', size: 120, noise: 1, classes: 3, features: 8, seed: 2 }), 0.25, 0, 1);
  const graph = new GraphBuilder([8]).dense(16, 'relu').dense(8, 'relu').dense(3).build('blobs');
  // Weight decay and L1 too: both would pull a pruned weight's gradient off zero.
  const config = trainConfig({ optimizer, prune, epochs: 4, batch: 16, weightDecay: 1e-3, l1: 1e-4 });
  return train({ graph, data, config, backend, inspect });
}

/** Zeros among the dense weights of a run's final weights. */
export function zerosOf(end: RunEnd): number {
  let zeros = 0;
  for (const [name, t] of end.weights) if (name.endsWith('.weight')) for (const v of t.data) if (v === 0) zeros++;
  return zeros;
}
