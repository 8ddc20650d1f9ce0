// What the CPU bench measures, in one place: the three training steps (shapes, loss, optimizer,
// batch) every side runs, and the timing protocol every side follows. The peers get both as JSON
// (torch_peer.py builds the same layers from `key`), so a hyper-parameter lives only here.

import type { LossSpec, OptimizerSpec } from '../../src/graph/train-config';
import type { Graph } from '../../src/graph/ir';
import { GraphBuilder } from '../../src/lang/test-graph';
import { BENCH_MODELS, LM, type BenchModel } from '../webgpu-core';

export type CaseKey = 'mlp' | 'cnn' | 'xor' | 'lstm' | 'gpt';

export interface BenchCase {
  readonly key: CaseKey;
  readonly name: string;
  readonly batch: number;
  /** Per-sample input shape (CHW for images; tfjs gets NHWC; [T] token ids for the language models). */
  readonly input: readonly number[];
  /** Classes for cross-entropy (the vocabulary for the language models: one target per token);
   *  1 for XOR's binary cross-entropy on a sigmoid. */
  readonly classes: number;
  /** Language models: token ids in, the next token at every position out (per-token cross-entropy). */
  readonly tokens?: boolean;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  /** samples/s for the throughput models, tokens/s (samples x T) for the language models, steps/s
   *  for XOR (the per-step overhead). */
  readonly unit: 'samples/s' | 'tokens/s' | 'steps/s';
  readonly graph: () => Graph;
}

const adam = (lr: number): OptimizerSpec => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
const ce: LossSpec = { kind: 'cross_entropy', labelSmoothing: 0 };
const modelOf = (key: BenchModel['key']): BenchModel => BENCH_MODELS.find((m) => m.key === key)!;
const graphOf = (key: BenchModel['key']) => modelOf(key).graph;

/** The language models train the same step (bench/webgpu-core.ts's LM: batch, context, vocabulary);
 *  only their layers differ. */
function languageModel(key: 'lstm' | 'gpt'): BenchCase {
  const model = modelOf(key);
  return {
    key,
    name: model.name,
    batch: LM.batch,
    input: [LM.seq],
    classes: LM.vocab,
    tokens: true,
    loss: ce,
    optimizer: adam(1e-3),
    unit: 'tokens/s',
    graph: model.graph,
  };
}

export const CASES: readonly BenchCase[] = [
  {
    key: 'mlp',
    name: 'MLP 784-512-256-10, batch 64, Adam',
    batch: 64,
    input: [784],
    classes: 10,
    loss: ce,
    optimizer: adam(1e-3),
    unit: 'samples/s',
    graph: graphOf('mlp'),
  },
  {
    key: 'cnn',
    name: 'CNN conv32-pool-conv64-pool-fc128-fc10 on 3x32x32, batch 64, SGD momentum 0.9',
    batch: 64,
    input: [3, 32, 32],
    classes: 10,
    loss: ce,
    optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.9, nesterov: false, dampening: 0 },
    unit: 'samples/s',
    graph: graphOf('cnn'),
  },
  {
    key: 'xor',
    name: 'XOR 2-8-1 (tanh, sigmoid + BCE), batch 4, Adam',
    batch: 4,
    input: [2],
    classes: 1,
    loss: { kind: 'binary_cross_entropy' },
    optimizer: adam(0.05),
    unit: 'steps/s',
    graph: () => new GraphBuilder([2]).dense(8, 'tanh').dense(1, 'sigmoid').build('xor'),
  },
  languageModel('lstm'),
  languageModel('gpt'),
];

/** Per-step rate multiplier: samples per step, tokens per step, or 1 (steps/s). */
export const unitsPerStep = (c: BenchCase): number => (c.unit === 'steps/s' ? 1 : c.unit === 'tokens/s' ? c.batch * c.input[0]! : c.batch);

/** The timing protocol: warm-up steps (excluded), then `windows` timed windows of at least
 *  `windowSeconds` and `minSteps` steps each; the reported rate is their median. A step slower
 *  than `slowStep` seconds (tfjs-cpu's convolution backward) is timed once, on its own. */
export interface Timing {
  readonly warmupSeconds: number;
  readonly warmupSteps: number;
  readonly windows: number;
  readonly windowSeconds: number;
  readonly minSteps: number;
  readonly slowStep: number;
}

export const TIMINGS = {
  full: { warmupSeconds: 1, warmupSteps: 3, windows: 5, windowSeconds: 1.5, minSteps: 2, slowStep: 5 },
  quick: { warmupSeconds: 0.3, warmupSteps: 2, windows: 3, windowSeconds: 0.4, minSteps: 1, slowStep: 2 },
  /** The harness test: a handful of steps, no meaning in the numbers. */
  smoke: { warmupSeconds: 0, warmupSteps: 1, windows: 2, windowSeconds: 0, minSteps: 2, slowStep: 30 },
} satisfies Record<string, Timing>;

/** Steps of the per-step allocation check (heap-check.ts): enough that a one-off allocation in the
 *  window (129 KB in one full unit run, 13 B a step over 10,000 steps, where the check alone
 *  reads 1-3 B) stays well under ALLOC_SLACK a step, while one on every step still shows whole. */
export const HEAP_STEPS = 100_000;
/** Bytes per step below which a step counts as not allocating (process.memoryUsage's own noise). */
export const ALLOC_SLACK = 8;

/** The JSON a peer process gets: the cases without their graph builders. */
export const caseWire = (c: BenchCase) => ({
  key: c.key,
  batch: c.batch,
  input: c.input,
  classes: c.classes,
  optimizer: c.optimizer,
  perStep: unitsPerStep(c),
});

/** Median of the windows' rates (the protocol's one statistic). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
