// The page side of `tsx bench/webgpu-browser.ts`: our WebGPU backend and TensorFlow.js's WebGPU
// backend training the same models and multiplying the same matrices, in one page, on one
// adapter. Each measurement ends with an awaited read (ours: the loss log every k steps, as
// the trainer reads it; tfjs: the last step's loss), so queued GPU work is counted.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { WebGpuBackend } from '../src/engine/backends/webgpu';
import { tfModel } from './tf-models';
import { tfSeqModel } from './tf-seq';
import { B, BENCH_MODELS, benchBatch, type BenchModel, gemmRate, now, rate, trainRate } from './webgpu-core';

/** Calibrates a batch of k calls of `one` to about a quarter second, then measures. */
async function calibrated(one: (k: number) => Promise<number>, seconds: number, maxK: number): Promise<number> {
  await one(1); // compile / warm up
  const t0 = now();
  const units = await one(1);
  const dt = (now() - t0) / 1000;
  if (dt > seconds / 2) return units / dt; // seconds per call on an emulator: one timed call
  const k = Math.max(1, Math.min(maxK, Math.round(0.25 / Math.max(dt, 1e-5))));
  return rate(() => one(k), seconds, dt > seconds ? 1 : 2);
}

/** tfjs on a language model: the same ids and next-token targets, per-token softmax cross-entropy. */
async function tfSeqTrainRate(m: BenchModel, seconds: number): Promise<number> {
  const { vocab, seq } = m.tokens!;
  const model = tfSeqModel(tf, m.key as 'lstm' | 'gpt', seq);
  const opt = tf.train.adam(1e-3);
  const { x: xs, t: ts } = benchBatch(m, seq);
  const x = tf.tensor2d(xs, [m.batch, seq], 'int32');
  const y = tf.oneHot(tf.tensor1d(ts, 'int32'), vocab).reshape([m.batch, seq, vocab]);
  const steps = async (k: number) => {
    let last: tf.Scalar | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x)) as tf.Scalar, true);
    }
    await last!.data();
    last!.dispose();
    return k * m.batch * seq;
  };
  const r = await calibrated(steps, seconds, 16);
  tf.dispose([x, y]);
  model.dispose();
  opt.dispose();
  return r;
}

async function tfTrainRate(m: BenchModel, seconds: number): Promise<number> {
  if (m.tokens) return tfSeqTrainRate(m, seconds);
  const model = tfModel(tf, m.key as 'mlp' | 'cnn');
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform(m.key === 'mlp' ? [B, 784] : [B, 32, 32, 3]);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: B }, (_, i) => i % 10),
      'int32',
    ),
    10,
  );
  const steps = async (k: number) => {
    let last: tf.Scalar | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true);
    }
    await last!.data();
    last!.dispose();
    return k * B;
  };
  const r = await calibrated(steps, seconds, 16);
  tf.dispose([x, y]);
  model.dispose();
  opt.dispose();
  return r;
}

async function tfGemmRate(n: number, seconds: number): Promise<number> {
  const a = tf.randomUniform([n, n], -0.5, 0.5),
    b = tf.randomUniform([n, n], -0.5, 0.5);
  const batch = async (k: number) => {
    let c: tf.Tensor | null = null;
    for (let i = 0; i < k; i++) {
      c?.dispose();
      c = tf.matMul(a, b);
    }
    const corner = tf.slice(c!, [0, 0], [1, 1]);
    await corner.data();
    tf.dispose([corner, c!]);
    return k * 2 * n * n * n;
  };
  const r = await calibrated(batch, seconds, 64);
  tf.dispose([a, b]);
  return r / 1e9;
}

const w = globalThis as unknown as Record<string, unknown>;

let ours: WebGpuBackend | null = null;

w.__info = async (): Promise<{ adapter: string; tfjs: string }> => {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter in this browser');
  const info = adapter.info;
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs: the webgpu backend did not initialise');
  await tf.ready();
  ours = await WebGpuBackend.create(navigator.gpu);
  return {
    adapter: `${info.vendor} ${info.architecture} ${info.description}${info.isFallbackAdapter ? ' (fallback adapter)' : ''}`,
    tfjs: `${tf.version.tfjs} (${tf.getBackend()})`,
  };
};

/** One row: a BENCH_MODELS key (training) or a matrix size (matmul); `who` picks the side. */
w.__measure = async (what: string, who: 'ours' | 'tfjs', seconds: number): Promise<number> => {
  const m = BENCH_MODELS.find((b) => b.key === what);
  if (who === 'ours') {
    const r = m ? await trainRate(ours!, m, seconds) : await gemmRate(ours!, Number(what), seconds);
    await ours!.ready();
    return r;
  }
  return m ? tfTrainRate(m, seconds) : tfGemmRate(Number(what), seconds);
};

w.__ready = true;
