// The distillation goldens (scripts/torch-goldens-distill.py) run on any backend: the same
// teacher, student, batches and Adam steps as PyTorch; returns the engine's per-step losses.
// The CPU unit test (test/unit/engine/distill.test.ts) and the WebGPU test share it.

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Backend, newRuntime } from '../../src/engine/backend';
import { compilePlan } from '../../src/engine/plan/compile';
import { Executable } from '../../src/engine/plan/executable';
import { Teacher } from '../../src/engine/train/distill';
import type { Graph } from '../../src/graph/ir';
import { GraphBuilder } from '../../src/lang/test-graph';

export interface DistillGolden {
  name: string;
  features: number;
  classes: number;
  batch: number;
  epochs: number;
  temperature: number;
  alpha: number;
  lr: number;
  teacher: { shape: number[]; data: number[] }[];
  student: { shape: number[]; data: number[] }[];
  x: number[];
  y: number[];
  losses: number[];
}

const DIR = join(__dirname, '..', 'fixtures', 'goldens', 'distill');
export const DISTILL_GOLDENS: readonly string[] = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.json')) : [];
export const readGolden = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as DistillGolden;

/** The golden's tensors under the graph's parameter names, in parameter order. */
function named(graph: Graph, tensors: DistillGolden['teacher']) {
  const params = graph.nodes.flatMap((n) => (n.op.kind === 'param' ? [n.op.name] : []));
  assert.equal(params.length, tensors.length);
  return new Map(params.map((name, i) => [name, { shape: tensors[i]!.shape, data: Float32Array.from(tensors[i]!.data) }]));
}

export async function distillLosses(be: Backend, g: DistillGolden): Promise<number[]> {
  const tGraph = new GraphBuilder([g.features]).dense(12, 'tanh').dropout(0.3).dense(g.classes).softmax().build('teacher');
  const sGraph = new GraphBuilder([g.features]).dense(7, 'relu').dense(g.classes).build('student');
  const fuse = be.supports?.('bias_act') ?? false;
  const teacher = new Teacher(be, { graph: tGraph, weights: named(tGraph, g.teacher) }, g.batch, fuse);
  const plan = compilePlan(sGraph, {
    maxBatch: g.batch,
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: { kind: 'adam', lr: g.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
    fuse,
    distill: { temperature: g.temperature, alpha: g.alpha },
  });
  const exe = new Executable(plan, be);
  exe.writeWeights(exe.flat(named(sGraph, g.student)));
  const rt = newRuntime();
  rt.lr = g.lr;
  const N = g.y.length,
    got: number[] = [];
  for (let e = 0; e < g.epochs; e++)
    for (let s = 0; s < N; s += g.batch) {
      const n = Math.min(g.batch, N - s);
      const xs = Float32Array.from(g.x.slice(s * g.features, (s + n) * g.features));
      exe.writeBatch(xs, Float32Array.from(g.y.slice(s, s + n)));
      be.write(exe.handle(plan.target), await teacher.logits(xs, n), plan.softTargets!);
      rt.n = n;
      rt.lossSlot = 0;
      exe.trainStep(rt);
      got.push((await be.read(exe.handle(plan.lossLog), 0, 1))[0]!);
      rt.step++;
    }
  return got;
}
