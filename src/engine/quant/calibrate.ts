// Post-training quantization: the grids of a quantized graph from the float model. Weights from
// their own values (params.ts), biases from their layer's input and weight grids; activations from their range over N calibration batches of the
// training set (the float model in eval mode, observed where each quantizer sits): min/max, or
// the percentile range that drops the outliers (the lowest and highest (100 - p)% of the values,
// exact quantiles over every calibration value). Platform-neutral (no fs).

import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import { newRuntime } from '../backend';
import { CpuBackend } from '../backends/cpu';
import { type Dataset, fillBatch } from '../data/dataset';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import { firstEpochOrder } from '../train/trainer';
import type { NamedTensors } from '../train/types';
import type { QuantGraph } from './graph';
import { activationGrid, biasGrid, weightGrid } from './params';

export type CalibrationMethod = 'minmax' | 'percentile';

export interface CalibrationSpec {
  /** Batches of the training set (of the run's batch size) the activation ranges are taken over. */
  readonly batches: number;
  readonly method: CalibrationMethod;
  /** The percentile method's upper percentile (99.99: the top and bottom 0.01% are clipped). */
  readonly percentile: number;
}

export const DEFAULT_CALIBRATION: CalibrationSpec = { batches: 10, method: 'minmax', percentile: 99.99 };

/** What calibration needs of the run: its loss (to compile), batch size and seed (which batches). */
export type CalibrationConfig = Pick<TrainConfig, 'loss' | 'batch' | 'seed'>;

/** The float weights plus every quantizer's grid, by its name. */
export async function calibrate(
  q: QuantGraph,
  float: Graph,
  weights: NamedTensors,
  train: Dataset,
  config: CalibrationConfig,
  spec: CalibrationSpec,
  oneHot: number,
): Promise<NamedTensors> {
  const out = new Map(weights);
  for (const p of q.points) {
    if (p.kind !== 'weight') continue;
    const w = weights.get(p.weight!);
    if (!w) throw new Error(`the weights have no tensor '${p.weight}'`);
    out.set(p.name, { shape: [2, p.channels], data: weightGrid(w.data, w.shape, p.axis) });
  }
  const acts = q.points.filter((p) => p.kind === 'activation');
  const values = await observe(float, weights, train, config, spec.batches, oneHot, [...new Set(acts.map((p) => p.source))]);
  for (const p of acts) {
    const [lo, hi] = range(values.get(p.source)!, spec);
    out.set(p.name, { shape: [2, 1], data: activationGrid(lo, hi) });
  }
  for (const p of q.points) if (p.kind === 'bias') out.set(p.name, { shape: [2, p.channels], data: biasGrid(out, p) });
  return out;
}

/** Every value each node takes over the first `batches` batches of a shuffled epoch (eval mode). */
async function observe(
  graph: Graph,
  weights: NamedTensors,
  train: Dataset,
  config: CalibrationConfig,
  batches: number,
  oneHot: number,
  nodes: readonly number[],
): Promise<Map<number, Float32Array>> {
  const B = Math.max(1, Math.min(config.batch, train.size));
  const plan = compilePlan(graph, {
    maxBatch: B,
    loss: config.loss,
    optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
    observe: nodes,
  });
  const exe = new Executable(plan, new CpuBackend());
  try {
    exe.writeWeights(exe.flat(weights));
    const order = firstEpochOrder(train.size, config.seed, true);
    const samples = Math.min(train.size, batches * B);
    const parts = new Map<number, Float32Array[]>(plan.observed.map((o) => [o.node, []]));
    const xs = new Float32Array(B * plan.inputLen),
      ts = new Float32Array(B * plan.targetLen);
    const rt = newRuntime();
    rt.lossSlot = plan.lossWindow;
    for (let s0 = 0; s0 < samples; s0 += B) {
      rt.n = Math.min(B, samples - s0);
      fillBatch(train, order, s0, rt.n, xs, ts, oneHot);
      exe.writeBatch(xs, ts);
      exe.evaluate.run(rt);
      for (const o of plan.observed) parts.get(o.node)!.push(await exe.backend.read(exe.handle(o.buffer), o.offset, rt.n * o.len));
    }
    const joined = new Map<number, Float32Array>();
    for (const [node, chunks] of parts) {
      const all = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
      chunks.reduce((at, c) => (all.set(c, at), at + c.length), 0);
      joined.set(node, all);
    }
    return joined;
  } finally {
    exe.backend.dispose();
  }
}

/** The calibrated range of a tensor's values. */
export function range(v: Float32Array, spec: Pick<CalibrationSpec, 'method' | 'percentile'>): [number, number] {
  if (v.length === 0) return [0, 0];
  if (spec.method === 'minmax') {
    let lo = Infinity,
      hi = -Infinity;
    for (const x of v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return [lo, hi];
  }
  const sorted = Float32Array.from(v).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return [at(1 - spec.percentile / 100), at(spec.percentile / 100)];
}
