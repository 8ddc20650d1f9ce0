// What the WebGPU benchmarks measure, shared by the Node/Dawn script (webgpu-node.ts) and the
// browser page (webgpu-page.ts): training throughput of our backend on the bench models
// (BENCH_MODELS, which the CPU bench, run.ts, trains too: the MLP, the CNN and the two language
// models) and the GFLOP/s of our gemm kernel.
// No Node or DOM APIs here.
// GPU work is asynchronous: a timing ends with an awaited read, so it covers the queue draining.

import { newRuntime } from '../src/engine/backend';
import type { WebGpuBackend } from '../src/engine/backends/webgpu';
import { initialWeights } from '../src/engine/init';
import { compilePlan } from '../src/engine/plan/compile';
import { Executable } from '../src/engine/plan/executable';
import { GraphBuilder } from '../src/lang/test-graph';
import type { Graph } from '../src/graph/ir';

export const B = 64;

export interface BenchModel {
  readonly key: 'mlp' | 'cnn' | 'lstm' | 'gpt';
  readonly name: string;
  readonly graph: () => Graph;
  /** Samples a step (B for the image models). */
  readonly batch: number;
  /** Language models: token ids of a vocabulary, `seq` a sample, the next token the target at
   *  every position; rates are tokens/s. */
  readonly tokens?: { readonly vocab: number; readonly seq: number };
}

/** The language models' vocabulary, sequence length and batch (issue 15's "Speed"). */
export const LM = { vocab: 64, seq: 64, batch: 32 } as const;

export const BENCH_MODELS: readonly BenchModel[] = [
  {
    key: 'mlp',
    name: 'MLP 784-512-256-10, batch 64, Adam',
    batch: B,
    graph: () => new GraphBuilder([784]).dense(512, 'relu').dense(256, 'relu').dense(10).build('mlp'),
  },
  {
    key: 'cnn',
    name: 'CNN conv32-pool-conv64-pool-dense128-10 on 3x32x32, batch 64, Adam',
    batch: B,
    graph: () =>
      new GraphBuilder([3, 32, 32])
        .conv2d(32, 3, { pad: 'same', act: 'relu' })
        .pool('maxpool2d', 2)
        .conv2d(64, 3, { pad: 'same', act: 'relu' })
        .pool('maxpool2d', 2)
        .flatten()
        .dense(128, 'relu')
        .dense(10)
        .build('cnn'),
  },
  {
    key: 'lstm',
    name: 'LSTM LM: embedding 64x128, lstm 128 x 2 layers, per-token dense 64, T 64, batch 32, Adam',
    batch: LM.batch,
    tokens: LM,
    graph: () =>
      new GraphBuilder([LM.seq], 'tokens').layer(`embedding ${LM.vocab} 128`).layer('lstm 128 layers 2').dense(LM.vocab).build('lstm'),
  },
  {
    key: 'gpt',
    name: 'GPT 2 blocks: width 128, 4 heads, causal, ff 512 gelu, pre-norm, learned positions, T 64, batch 32, Adam',
    batch: LM.batch,
    tokens: LM,
    graph: () =>
      new GraphBuilder([LM.seq], 'tokens')
        .layer(`embedding ${LM.vocab} 128`)
        .layer('positional learned')
        .layer('repeat 2 {')
        .layer('  transformer heads 4 ff 512 norm_first activation gelu causal dropout 0')
        .layer('}')
        .layernorm()
        .dense(LM.vocab)
        .build('gpt'),
  },
];

/** What a model's rate counts: tokens for the language models, samples for the others. */
export const unitOf = (m: BenchModel): 'tokens/s' | 'samples/s' => (m.tokens ? 'tokens/s' : 'samples/s');

/** One batch of a model: random inputs (token ids for a language model) and targets (class i % 10,
 *  or the next token at every position). Speed does not depend on the values. */
export function benchBatch(m: BenchModel, inputLen: number): { x: Float32Array; t: Float32Array } {
  const n = m.batch * inputLen;
  if (m.tokens) {
    const v = m.tokens.vocab;
    const x = Float32Array.from({ length: n }, () => Math.floor(Math.random() * v));
    return { x, t: Float32Array.from(x, (_, i) => x[i + 1] ?? 0) };
  }
  return { x: Float32Array.from({ length: n }, () => Math.random()), t: Float32Array.from({ length: m.batch }, (_, i) => i % 10) };
}

export const now = (): number => performance.now();

/** Repeats `batch` (which queues work and returns a promise that resolves when it is done)
 *  until `seconds` have passed, at least `min` times; returns units per second. */
export async function rate(batch: () => Promise<number>, seconds: number, min = 1): Promise<number> {
  const t0 = now();
  let units = 0,
    n = 0;
  while (n < min || now() - t0 < seconds * 1000) {
    units += await batch();
    n++;
  }
  return units / ((now() - t0) / 1000);
}

/** Samples/s (tokens/s for a language model) of our training step (write batch + forward +
 *  backward + Adam) on `gpu`. */
export async function trainRate(gpu: WebGpuBackend, m: BenchModel, seconds: number): Promise<number> {
  const B = m.batch,
    per = B * (m.tokens?.seq ?? 1);
  const plan = compilePlan(m.graph(), {
    maxBatch: B,
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
    fuse: true,
  });
  const exe = new Executable(plan, gpu);
  exe.writeWeights(exe.flat(initialWeights(plan.params, 1)));
  const { x, t } = benchBatch(m, plan.inputLen);
  const rt = Object.assign(newRuntime(), { n: B, lr: 1e-3 });
  const W = plan.lossWindow;
  // As the trainer does: a batch written per step, the loss log read every W steps.
  const steps = async (k: number) => {
    for (let i = 0; i < k; i++) {
      exe.writeBatch(x, t);
      rt.lossSlot = (rt.step - 1) % W;
      exe.trainStep(rt);
      rt.step++;
    }
    await gpu.read(exe.handle(plan.lossLog), 0, W);
    return k * per;
  };
  await steps(1); // pipelines compiled, buffers touched
  await gpu.ready();
  const t0 = now();
  await steps(1);
  const one = (now() - t0) / 1000;
  if (one > seconds / 2) return per / one; // minutes per step on an emulator: one timed step
  const k = Math.max(1, Math.min(W, Math.round(0.25 / Math.max(one, 1e-4))));
  return rate(() => steps(k), seconds, 2);
}

/** GFLOP/s of our gemm kernel on C[n,n] = A[n,n] B[n,n]. */
export async function gemmRate(gpu: WebGpuBackend, n: number, seconds: number): Promise<number> {
  const a = gpu.alloc(n * n),
    b = gpu.alloc(n * n),
    c = gpu.alloc(n * n);
  gpu.write(
    a,
    Float32Array.from({ length: n * n }, () => Math.random() - 0.5),
  );
  gpu.write(
    b,
    Float32Array.from({ length: n * n }, () => Math.random() - 0.5),
  );
  const ref = (h: number) => ({ buffer: h, offset: 0, size: n * n });
  const prog = gpu.compile([{ kernel: 'gemm', args: [ref(a), ref(b), ref(c)], p: { m: n, n, k: n } }]);
  const rt = Object.assign(newRuntime(), { n: 1 });
  const flops = 2 * n * n * n;
  const batch = async (k: number) => {
    for (let i = 0; i < k; i++) prog.run(rt);
    await gpu.read(c, 0, 1);
    return k * flops;
  };
  await batch(1);
  await gpu.ready();
  const t0 = now();
  await batch(1);
  const one = (now() - t0) / 1000;
  const k = Math.max(1, Math.min(64, Math.round(0.25 / Math.max(one, 1e-5))));
  return (await rate(() => batch(k), seconds, 1)) / 1e9;
}

/** Prints rows as an aligned table (first column left, the rest right). */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]!) : v.padStart(w[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
