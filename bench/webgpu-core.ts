// What the WebGPU benchmarks measure, shared by the Node/Dawn script (webgpu-node.ts) and the
// browser page (webgpu-page.ts): training throughput of our backend on the two bench models
// (BENCH_MODELS, which the CPU bench, run.ts, trains too) and the GFLOP/s of our gemm kernel.
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
  readonly key: 'mlp' | 'cnn';
  readonly name: string;
  readonly graph: () => Graph;
}

export const BENCH_MODELS: readonly BenchModel[] = [
  {
    key: 'mlp',
    name: 'MLP 784-512-256-10, batch 64, Adam',
    graph: () => new GraphBuilder([784]).dense(512, 'relu').dense(256, 'relu').dense(10).build('mlp'),
  },
  {
    key: 'cnn',
    name: 'CNN conv32-pool-conv64-pool-dense128-10 on 3x32x32, batch 64, Adam',
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
];

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

/** Samples/s of our training step (write batch + forward + backward + Adam) on `gpu`. */
export async function trainRate(gpu: WebGpuBackend, m: BenchModel, seconds: number): Promise<number> {
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
  const x = Float32Array.from({ length: B * plan.inputLen }, () => Math.random());
  const t = Float32Array.from({ length: B }, (_, i) => i % 10);
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
    return k * B;
  };
  await steps(1); // pipelines compiled, buffers touched
  await gpu.ready();
  const t0 = now();
  await steps(1);
  const one = (now() - t0) / 1000;
  if (one > seconds / 2) return B / one; // minutes per step on an emulator: one timed step
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
