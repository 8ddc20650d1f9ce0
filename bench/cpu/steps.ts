// One training step per side, built from a BenchCase: Model Lab's plan on a backend, and tfjs's
// layers with the same shapes, loss and optimizer. Each returns the step, a flush that waits for
// queued work, and a dispose. Random inputs: speed does not depend on the values.

import type * as TF from '@tensorflow/tfjs';
import { newRuntime, type Backend } from '../../src/engine/backend';
import { initialWeights } from '../../src/engine/init';
import { compilePlan } from '../../src/engine/plan/compile';
import { Executable } from '../../src/engine/plan/executable';
import { tfModel } from '../tf-models';
import { tfSeqModel } from '../tf-seq';
import { BENCH_MODELS, benchBatch } from '../webgpu-core';
import type { BenchCase } from './spec';

export interface Stepper {
  readonly step: () => void;
  readonly flush: () => Promise<void>;
  readonly dispose: () => void;
}

/** Inputs in [0, 1) and targets (class i % classes, or XOR's 0/1), `batch` samples; the language
 *  models: random token ids and a next-token target per position. */
export function batchData(c: BenchCase): { x: Float32Array; t: Float32Array } {
  const per = c.input.reduce((a, b) => a * b, 1);
  if (c.tokens)
    return benchBatch(
      BENCH_MODELS.find((m) => m.key === c.key)!,
      per,
    );
  if (c.key === 'xor') {
    const x = Float32Array.from({ length: c.batch * 2 }, (_, i) => ((i >> 1) >> (i & 1)) & 1);
    const t = Float32Array.from({ length: c.batch }, (_, i) => (i & 1) ^ ((i >> 1) & 1));
    return { x, t };
  }
  return {
    x: Float32Array.from({ length: c.batch * per }, () => Math.random()),
    t: Float32Array.from({ length: c.batch }, (_, i) => i % c.classes),
  };
}

/** Model Lab: write the batch, forward, backward, update — what the trainer does every step. */
export function modelLabStep(c: BenchCase, be: Backend): Stepper {
  const plan = compilePlan(c.graph(), { maxBatch: c.batch, loss: c.loss, optimizer: c.optimizer, weightDecay: 0, l1: 0, clipNorm: null });
  const exe = new Executable(plan, be);
  exe.writeWeights(exe.flat(initialWeights(plan.params, 1)));
  const { x, t } = batchData(c);
  const rt = Object.assign(newRuntime(), { n: c.batch, lr: c.optimizer.lr });
  const loss = exe.handle(plan.lossLog);
  return {
    step: () => {
      exe.writeBatch(x, t);
      rt.lossSlot = (rt.step - 1) % plan.lossWindow;
      exe.trainStep(rt);
      rt.step++;
    },
    flush: async () => void (await be.read(loss, 0, 1)),
    dispose: () => be.dispose(),
  };
}

function tfOptimizer(tf: typeof TF, c: BenchCase): TF.Optimizer {
  const o = c.optimizer;
  if (o.kind === 'adam') return tf.train.adam(o.lr, o.beta1, o.beta2, o.eps);
  if (o.kind === 'sgd') return o.momentum ? tf.train.momentum(o.lr, o.momentum, o.nesterov) : tf.train.sgd(o.lr);
  throw new Error(`no tfjs optimizer for ${o.kind}`);
}

/** tfjs: minimize the same loss; the loss read each step (tfjs-cpu and tfjs-wasm are synchronous). */
export function tfjsStep(tf: typeof TF, c: BenchCase): Stepper {
  if (c.tokens) return tfjsSeqStep(tf, c);
  const model = tfModel(tf, c.key as 'mlp' | 'cnn' | 'xor');
  const opt = tfOptimizer(tf, c);
  const { x: xs, t: ts } = batchData(c);
  const [ch, h, w] = c.input;
  const nhwc = c.input.length === 3 ? tf.tensor4d(xs, [c.batch, ch!, h!, w!]).transpose([0, 2, 3, 1]) : null;
  const x = nhwc ?? tf.tensor2d(xs, [c.batch, c.input[0]!]);
  const y = c.classes > 1 ? tf.oneHot(tf.tensor1d(ts, 'int32'), c.classes) : tf.tensor2d(ts, [c.batch, 1]);
  const lossOf = (logits: TF.Tensor) =>
    c.classes > 1 ? tf.losses.softmaxCrossEntropy(y, logits) : tf.losses.sigmoidCrossEntropy(y, logits);
  return tfStepper(tf, model, opt, () => lossOf(model.apply(x) as TF.Tensor) as TF.Scalar, [x, y]);
}

/** tfjs on a language model: token ids [B, T] in, per-token softmax cross-entropy against one-hot targets. */
function tfjsSeqStep(tf: typeof TF, c: BenchCase): Stepper {
  const T = c.input[0]!;
  const model = tfSeqModel(tf, c.key as 'lstm' | 'gpt', T);
  const opt = tfOptimizer(tf, c);
  const { x: xs, t: ts } = batchData(c);
  const x = tf.tensor2d(xs, [c.batch, T], 'int32');
  const y = tf.oneHot(tf.tensor1d(ts, 'int32'), c.classes).reshape([c.batch, T, c.classes]);
  return tfStepper(tf, model, opt, () => tf.losses.softmaxCrossEntropy(y, model.apply(x)) as TF.Scalar, [x, y]);
}

/** A tfjs step: minimize the loss and read it back (the step has run only once its value is here);
 *  disposing frees the model, the optimizer's state and the batch. */
function tfStepper(tf: typeof TF, model: { dispose(): void }, opt: TF.Optimizer, loss: () => TF.Scalar, batch: TF.Tensor[]): Stepper {
  return {
    step: () => {
      const value = opt.minimize(loss, true)!;
      value.dataSync();
      value.dispose();
    },
    flush: async () => {},
    dispose: () => {
      model.dispose();
      opt.dispose();
      tf.dispose(batch);
    },
  };
}
