// Small models and the loop that trains them for the whole-step comparison (training-step.test.ts).

import { type Backend, newRuntime } from '../../src/engine/backend';
import { initialWeights } from '../../src/engine/init';
import { IGNORE_INDEX } from '../../src/engine/kernels/codes';
import { compilePlan, type CompileOptions } from '../../src/engine/plan/compile';
import { Executable } from '../../src/engine/plan/executable';
import { Rng } from '../../src/engine/rng';
import { GraphBuilder } from '../../src/lang/test-graph';
import type { Graph } from '../../src/graph/ir';

export const STEPS = 20,
  BATCH = 8;

export interface Model {
  name: string;
  graph: () => Graph;
  opts: Omit<CompileOptions, 'maxBatch'>;
  /** A token model: inputs are ids 0..vocab-1 (0 is padding). */
  vocab?: number;
}

const CE = { kind: 'cross_entropy', labelSmoothing: 0 } as const;
const ADAM = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
const base = { weightDecay: 0, l1: 0, clipNorm: null };

export const MODELS: Model[] = [
  {
    name: 'MLP 12-16-8-4, relu/tanh, dropout, cross-entropy, adam',
    graph: () => new GraphBuilder([12]).dense(16, 'relu').dropout(0.2).dense(8, 'tanh').dense(4).build(),
    opts: { loss: CE, optimizer: ADAM, ...base },
  },
  {
    name: 'CNN conv-relu-maxpool-conv-batchnorm-flatten-dense, sgd nesterov',
    graph: () =>
      new GraphBuilder([2, 8, 8])
        .conv2d(4, 3, { pad: 'same', act: 'relu' })
        .pool('maxpool2d', 2)
        .conv2d(6, 3, { stride: 1 })
        .batchnorm()
        .act('relu')
        .flatten()
        .dense(5)
        .build(),
    opts: { loss: CE, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, dampening: 0 }, ...base },
  },
  {
    name: 'residual MLP with layernorm, gelu, elu, avgpool-free regression (huber), adamw + clip + l1',
    graph: () =>
      new GraphBuilder([10])
        .dense(12, 'gelu')
        .residual((g) => g.layernorm().dense(12, 'elu'))
        .dense(3)
        .build(),
    opts: { loss: { kind: 'huber', delta: 1 }, optimizer: { ...ADAM, kind: 'adamw' }, weightDecay: 0.01, l1: 1e-4, clipNorm: 0.5 },
  },
  {
    name: 'CNN avgpool + global average pool, label smoothing, rmsprop',
    graph: () =>
      new GraphBuilder([1, 6, 6])
        .conv2d(3, 3, { pad: 1, act: 'sigmoid' })
        .pool('avgpool2d', 2)
        .conv2d(4, 1)
        .globalAvgPool()
        .dense(3)
        .softmax()
        .build(),
    opts: {
      loss: { kind: 'cross_entropy', labelSmoothing: 0.1 },
      optimizer: { kind: 'rmsprop', lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0.5 },
      ...base,
    },
  },
  {
    name: 'MLP, binary cross-entropy on a sigmoid, adagrad',
    graph: () => new GraphBuilder([6]).dense(8, 'leaky_relu').dense(2, 'sigmoid').build(),
    opts: { loss: { kind: 'binary_cross_entropy' }, optimizer: { kind: 'adagrad', lr: 0.05, eps: 1e-10 }, ...base },
  },
  {
    name: 'MLP with layernorm, bce_with_logits pos_weight 2, adamw amsgrad, decay and l1 on every parameter',
    graph: () => new GraphBuilder([6]).dense(8, 'tanh').layernorm().dense(2).build(),
    opts: {
      loss: { kind: 'binary_cross_entropy', logits: true, posWeight: 2 },
      optimizer: { ...ADAM, kind: 'adamw', amsgrad: true },
      weightDecay: 0.05,
      l1: 1e-3,
      clipNorm: null,
    },
  },
  {
    name: 'MLP with batchnorm, cross-entropy, centered rmsprop with momentum, weight decay excluding bias/norm',
    graph: () => new GraphBuilder([6]).dense(8).batchnorm().act('relu').dense(3).build(),
    opts: {
      loss: CE,
      optimizer: { kind: 'rmsprop', lr: 0.005, alpha: 0.9, eps: 1e-8, momentum: 0.5, centered: true },
      weightDecay: 0.01,
      weightDecayOn: 'weights',
      l1: 0,
      clipNorm: 1,
    },
  },
  {
    name: 'MLP, mse, adagrad lr_decay and initial accumulator, l1 excluding bias',
    graph: () => new GraphBuilder([5]).dense(6, 'elu').dense(2).build(),
    opts: {
      loss: { kind: 'mse' },
      optimizer: { kind: 'adagrad', lr: 0.05, eps: 1e-10, lrDecay: 0.1, initialAccumulatorValue: 0.1 },
      weightDecay: 0,
      l1: 1e-3,
      l1On: 'weights',
      clipNorm: null,
    },
  },
  {
    name: 'per-token head on [T, D] (a language model), label smoothing, every 4th token ignored, adam',
    graph: () => new GraphBuilder([6, 5]).dense(8, 'gelu').layernorm().dense(7).build(),
    opts: { loss: { kind: 'cross_entropy', labelSmoothing: 0.1 }, optimizer: ADAM, ...base },
  },
  {
    name: 'sequence classifier: cls_token, a per-token layer, pool first, adamw',
    graph: () => new GraphBuilder([5, 4]).layer('cls_token').dense(6, 'tanh').layer('pool first').dense(3).build(),
    opts: { loss: CE, optimizer: { ...ADAM, kind: 'adamw' }, ...base },
  },
  {
    name: 'sequence classifier: pool mean, sgd momentum',
    graph: () => new GraphBuilder([5, 4]).dense(6, 'relu').layer('pool mean').dense(3).build(),
    opts: { loss: CE, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, dampening: 0 }, ...base },
  },
  {
    name: 'GPT-style: embedding pad 0, sinusoidal, 2 causal transformer blocks (dropout 0.1, pre-norm gelu), flatten, dense, adam',
    graph: () => {
      const g = new GraphBuilder([8], 'tokens').layer('embedding 11 8 pad 0').layer('positional sinusoidal').layer('repeat 2 {');
      return g.layer('  transformer heads 2 ff 16 dropout 0.1 norm_first activation gelu causal').layer('}').flatten().dense(4).build();
    },
    opts: { loss: CE, optimizer: ADAM, ...base },
    vocab: 11,
  },
  {
    name: 'BERT-style: embedding, learned positions, post-norm transformer with padding mask, attention dropout, flatten, dense, sgd',
    graph: () =>
      new GraphBuilder([6], 'tokens')
        .layer('embedding 7 8')
        .layer('positional learned max 10')
        .layer('transformer heads 4 ff 12 dropout 0.2')
        .layer('attention heads 2 dropout 0.1')
        .flatten()
        .dense(3)
        .build(),
    opts: { loss: CE, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, dampening: 0 }, ...base },
    vocab: 7,
  },
  {
    name: 'LSTM 2 layers bidirectional with dropout, return last, dense, cross-entropy, adam',
    graph: () => new GraphBuilder([5, 3]).layer('lstm 6 layers 2 bidirectional dropout 0.2 return last').dense(4).build(),
    opts: { loss: CE, optimizer: ADAM, ...base },
  },
  {
    name: 'GRU sequence into a relu rnn (return last), dense, mse, sgd momentum',
    graph: () => new GraphBuilder([6, 2]).layer('gru 5 bidirectional').layer('rnn 4 nonlinearity relu return last').dense(2).build(),
    opts: { loss: { kind: 'mse' }, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, dampening: 0 }, ...base },
  },
];

/** Per-step losses of STEPS training steps; batches of BATCH, except every 7th step is partial. */
export async function losses(backend: Backend, model: Model, seed: number): Promise<{ losses: number[]; params: Float32Array }> {
  const plan = compilePlan(model.graph(), { maxBatch: BATCH, ...model.opts, fuse: backend.supports?.('bias_act') ?? false });
  const exe = new Executable(plan, backend);
  exe.writeWeights(exe.flat(initialWeights(plan.params, seed)));
  const rng = new Rng(seed + 1);
  const rt = newRuntime();
  rt.seed = 1234;
  const out: number[] = [];
  const W = plan.lossWindow;
  let pending: Promise<void> = Promise.resolve();
  for (let s = 0; s < STEPS; s++) {
    const n = s % 7 === 6 ? 3 : BATCH;
    const x = Float32Array.from({ length: n * plan.inputLen }, () => (model.vocab ? rng.int(model.vocab) : 2 * rng.uniform() - 1));
    const ce = model.opts.loss.kind === 'cross_entropy';
    const t = Float32Array.from({ length: n * plan.targetLen }, () =>
      ce ? rng.int(plan.outputLen / plan.targetLen) : model.opts.loss.kind === 'binary_cross_entropy' ? rng.int(2) : rng.normal(),
    );
    if (plan.perToken) for (let i = 3; i < t.length; i += 4) t[i] = IGNORE_INDEX;
    exe.writeBatch(x, t);
    Object.assign(rt, { n, step: s + 1, lr: model.opts.optimizer.lr, lossSlot: s % W });
    exe.trainStep(rt);
    if (s % W === W - 1 || s === STEPS - 1) {
      // Read without waiting before the next step is queued (as the trainer should).
      const first = s - (s % W);
      const read = backend.read(exe.handle(plan.lossLog), 0, W);
      pending = pending.then(async () => {
        const log = await read;
        for (let k = first; k <= s; k++) out[k] = log[k % W]!;
      });
    }
  }
  await pending;
  const { params } = await exe.readWeights();
  return { losses: out, params };
}
