// `npm run bench`: training throughput (samples/s) of the CPU backend against TensorFlow.js's
// pure-JS CPU backend doing the same training step (same model, batch, optimizer, loss) in the
// same process. Prints a table; asserts nothing. `--quick` shortens every measurement.
// Our steps are measured before tfjs is imported: loading it slows typed-array code in the whole
// process by about a quarter (its polyfills), which would be its cost, not ours.

import type * as TF from '@tensorflow/tfjs';
import { newRuntime } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/backends/cpu';
import { compilePlan } from '../src/engine/plan/compile';
import { Executable } from '../src/engine/plan/executable';
import { tfModel } from './tf-models';
import { B, BENCH_MODELS, type BenchModel } from './webgpu-core';

const quick = process.argv.includes('--quick');
interface Case extends BenchModel {
  tfShape: number[];
  seconds: number;
  tfSeconds: number;
}

/** The bench models (webgpu-core.ts, the same ones the WebGPU benches train), with tfjs's input
 *  layout (NHWC for the CNN) and how long each side is timed. */
const TIMING: Record<BenchModel['key'], Omit<Case, keyof BenchModel>> = {
  mlp: { tfShape: [B, 784], seconds: 4, tfSeconds: 8 },
  cnn: { tfShape: [B, 32, 32, 3], seconds: 6, tfSeconds: 20 },
};
const CASES: Case[] = BENCH_MODELS.map((m) => ({ ...m, ...TIMING[m.key] }));

/** Runs `step` until `seconds` have passed (at least `min` times); returns steps per second. */
function timeSteps(step: () => void, seconds: number, min = 1): number {
  const t0 = performance.now();
  let n = 0;
  while (n < min || performance.now() - t0 < seconds * 1000) {
    step();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

function ours(c: Case): number {
  const plan = compilePlan(c.graph(), {
    maxBatch: B,
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
  });
  const be = new CpuBackend();
  const exe = new Executable(plan, be);
  const p = be.view(exe.handle(plan.paramsBuffer));
  for (let i = 0; i < p.length; i++) p[i] = (Math.random() - 0.5) * 0.05;
  const x = new Float32Array(B * plan.inputLen).map(() => Math.random());
  const t = new Float32Array(B).map((_, i) => i % 10);
  const rt = newRuntime();
  rt.n = B;
  rt.lr = 1e-3;
  const step = () => {
    exe.writeBatch(x, t); // as the trainer does every step
    exe.trainStep(rt);
    rt.step++;
  };
  timeSteps(step, quick ? 0.3 : 1, 3); // warm up the JIT
  return B * timeSteps(step, quick ? 1 : c.seconds, 3);
}

function theirs(tf: typeof TF, c: Case): number {
  const model = tfModel(tf, c.key);
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform(c.tfShape);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: B }, (_, i) => i % 10),
      'int32',
    ),
    10,
  );
  const step = () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as TF.Tensor) as TF.Scalar, true);
    loss!.dataSync();
    loss!.dispose();
  };
  // A step that takes seconds is compute-bound: time it directly instead of warming up first
  // (tfjs's CPU convolution backward takes minutes per batch here).
  const t0 = performance.now();
  step();
  const first = (performance.now() - t0) / 1000;
  if (first > 5) return B / first;
  return B * timeSteps(step, quick ? 1 : c.tfSeconds, quick ? 1 : 2);
}

async function main(): Promise<void> {
  const mine = CASES.map((c) => {
    process.stderr.write(`model-lab: ${c.name} ...\n`);
    return ours(c);
  });
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const rows: string[][] = [];
  CASES.forEach((c, i) => {
    process.stderr.write(`tfjs: ${c.name} ...\n`);
    const a = mine[i]!,
      b = theirs(tf, c);
    rows.push([c.name, a.toFixed(0), b.toFixed(1), `${(a / b).toFixed(1)}x`]);
  });
  const head = ['training step', 'model-lab cpu (samples/s)', 'tfjs cpu (samples/s)', 'ratio'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]!) : v.padStart(w[i]!))).join('  ');
  console.log(`\nNode ${process.version}, tfjs ${tf.version.tfjs} (backend ${tf.getBackend()})`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
