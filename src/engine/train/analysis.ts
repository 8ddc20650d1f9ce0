// What a trained model does on a data split, for the run report: its outputs on every example,
// the confusion matrix with per-class precision and recall, the examples it got wrong (most
// confident first), and for 2-D inputs its prediction over a grid covering the data (the decision
// boundary of TensorFlow Playground). Platform-neutral: no fs, no DOM; CPU backend by default.
//
// Predicted classes follow metrics.ts (predictClass on the raw outputs), so the accuracy read off
// the matrix is the accuracy the trainer recorded. Probabilities: outputs that are logits (the
// loss folds in the softmax or sigmoid) go through it; others are taken as they are, clamped to
// [0, 1] (a softmax or sigmoid layer already made them probabilities; MSE on one-hot targets did not).

import type { Graph } from '../../graph/ir';
import type { LossSpec, TrainConfig } from '../../graph/train-config';
import type { Backend } from '../backend';
import { CpuBackend } from '../backends/cpu';
import { Dataset } from '../data/dataset';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import { checkCompatible } from './compat';
import { classCount, computeMetrics, predictClass, SEQUENCE_METRICS, taskFor, type Task } from './metrics';
import { outputsOf } from './trainer';
import type { NamedTensors } from './types';

export interface AnalysisInput {
  readonly graph: Graph;
  readonly config: TrainConfig;
  readonly weights: NamedTensors;
  /** The split to analyse. */
  readonly data: Dataset;
  /** Further examples the 2-D grid must cover besides `data` (the training split, drawn under it). */
  readonly extent?: readonly Dataset[];
  readonly backend?: Backend;
  /** Most misclassified examples kept (default 100). */
  readonly maxMisclassified?: number;
  /** Cells per side of the 2-D grid (default 100). */
  readonly gridSize?: number;
  /** Called between chunks of examples (a large CNN on the CPU takes a while): examples done of all. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between chunks; true ends the analysis with an AnalysisCancelled. */
  readonly cancelled?: () => boolean;
}

export class AnalysisCancelled extends Error {
  override readonly name = 'AnalysisCancelled';
}

export interface Misclassified {
  /** Row of the example in the analysed split. */
  readonly index: number;
  readonly truth: number;
  readonly predicted: number;
  /** The model's probability of the class it predicted. */
  readonly confidence: number;
}

export interface Confusion {
  /** The data's classes, and any further output the model predicted for some example. */
  readonly classes: number;
  /** counts[t * classes + p]: examples of true class t predicted as p. */
  readonly counts: Float64Array;
  /** Per class; null where undefined (nothing predicted as the class / no example of it). */
  readonly precision: readonly (number | null)[];
  readonly recall: readonly (number | null)[];
  readonly accuracy: number;
}

/**
 * The model over a grid of n x n cells spanning [x0, x1] x [y0, y1] (the data's range padded by
 * 5%). Cell (row r, column c) is centred on x = x0 + (c + 0.5) (x1 - x0) / n and
 * y = y0 + (r + 0.5) (y1 - y0) / n: row 0 is the lowest y.
 */
export type Grid =
  | {
      readonly kind: 'classes';
      readonly n: number;
      readonly x: readonly [number, number];
      readonly y: readonly [number, number];
      readonly predicted: Uint16Array;
      /** Probability of the predicted class (for one sigmoid output: p(1) or 1 - p(1)). */
      readonly probability: Float32Array;
    }
  | {
      readonly kind: 'values';
      readonly n: number;
      readonly x: readonly [number, number];
      readonly y: readonly [number, number];
      /** The first output's value at each cell. */
      readonly values: Float32Array;
    };

export interface Analysis {
  readonly task: Task;
  readonly size: number;
  /** Raw outputs [size, outputLen]. */
  readonly outputs: Float32Array;
  /** Class probabilities [size, classes] of a classifier; null for a regression. */
  readonly probabilities: Float32Array | null;
  /** Predicted class of every example (metrics.ts's rule); null for a regression. */
  readonly predicted: Uint16Array | null;
  readonly loss: number;
  /** The run's metrics recomputed on this split (metrics.ts). */
  readonly metrics: Record<string, number>;
  readonly confusion: Confusion | null;
  /** All the wrong predictions' count, and the first of them, most confident first. */
  readonly misclassifiedCount: number;
  readonly misclassified: readonly Misclassified[];
  /** Only for 2-D inputs. */
  readonly grid: Grid | null;
}

/** Examples per batch, and per chunk: between chunks the event loop runs (an extension host must not freeze). */
const CHUNK = 256;

export async function analyze(input: AnalysisInput): Promise<Analysis> {
  const { graph, config, data } = input;
  const { oneHot } = checkCompatible(graph, config, data);
  const backend = input.backend ?? new CpuBackend();
  const is2d = graph.inputShape.length === 1 && graph.inputShape[0] === 2,
    n = input.gridSize ?? 100;
  const plan = compilePlan(graph, {
    maxBatch: Math.max(1, Math.min(CHUNK, Math.max(data.size, is2d ? n * n : 1))),
    loss: config.loss,
    optimizer: config.optimizer,
    weightDecay: config.weightDecay,
    l1: config.l1,
    clipNorm: config.clipNorm,
    fuse: backend.supports?.('bias_act') ?? false,
  });
  const exe = new Executable(plan, backend);
  exe.writeWeights(exe.flat(input.weights));
  const task = taskFor(data.classes, plan, config.loss);
  const total = data.size + (is2d ? n * n : 0);
  let done = 0;
  const run = async (ds: Dataset) => {
    const D = plan.outputLen,
      N = ds.size,
      out = new Float32Array(N * D);
    let loss = 0;
    for (let s0 = 0; s0 < N; s0 += CHUNK) {
      const rows = Math.min(CHUNK, N - s0);
      const part = await outputsOf(exe, N <= CHUNK ? ds : ds.subset(new Uint32Array(rows).map((_, i) => s0 + i)), oneHot);
      out.set(part.out, s0 * D);
      loss += part.loss * rows;
      input.onProgress?.((done += rows), total);
      if (total > CHUNK) await new Promise((r) => setTimeout(r, 0));
      if (input.cancelled?.()) throw new AnalysisCancelled('the analysis was cancelled');
    }
    return { out, loss: loss / Math.max(1, N) };
  };
  const { out, loss } = await run(data);
  // A language model's confusion matrix over a vocabulary says little: its report shows the
  // per-token accuracy and perplexity instead (always computed for a per-token task).
  const perToken = (task.tokens ?? 1) > 1;
  const names = perToken ? [...new Set([...config.metrics, ...SEQUENCE_METRICS])] : config.metrics;
  const metrics = computeMetrics(names, out, data.y, data.size, task);
  const classifier = task.classes > 0 && !perToken;
  const C = classCount(task);
  const probabilities = classifier ? toProbabilities(out, data.size, task, config.loss, plan.lossOnLogits) : null;

  let confusion: Confusion | null = null,
    wrong: Misclassified[] = [],
    predicted: Uint16Array | null = null;
  if (classifier) {
    predicted = new Uint16Array(data.size);
    // Outputs beyond the data's classes that the model never predicts would be empty rows and columns.
    let M = Math.max(task.classes, 2);
    for (let i = 0; i < data.size; i++) M = Math.max(M, (predicted[i] = predictClass(out, i, task)) + 1);
    const counts = new Float64Array(M * M);
    for (let i = 0; i < data.size; i++) {
      const t = Math.round(data.y[i * data.targetLen]!),
        p = predicted[i]!;
      counts[t * M + p]!++;
      if (p !== t) wrong.push({ index: i, truth: t, predicted: p, confidence: probabilities![i * C + p]! });
    }
    confusion = confusionOf(counts, M);
    wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  }
  const misclassifiedCount = wrong.length;
  wrong = wrong.slice(0, input.maxMisclassified ?? 100);

  let grid: Grid | null = null;
  if (is2d) {
    const [x, y] = extentOf([data, ...(input.extent ?? [])]);
    const cells = gridPoints(n, x, y);
    const g = await run(new Dataset(cells, new Float32Array(n * n * data.targetLen), data.inputShape, data.targetLen, data.classes));
    if (classifier) {
      const pr = toProbabilities(g.out, n * n, task, config.loss, plan.lossOnLogits);
      const cls = new Uint16Array(n * n),
        probability = new Float32Array(n * n);
      for (let i = 0; i < n * n; i++) {
        cls[i] = predictClass(g.out, i, task);
        probability[i] = pr[i * C + cls[i]!]!;
      }
      grid = { kind: 'classes', n, x, y, predicted: cls, probability };
    } else {
      const D = plan.outputLen,
        values = new Float32Array(n * n);
      for (let i = 0; i < n * n; i++) values[i] = g.out[i * D]!;
      grid = { kind: 'values', n, x, y, values };
    }
  }
  return {
    task,
    size: data.size,
    outputs: out,
    probabilities,
    predicted,
    loss,
    metrics,
    confusion,
    misclassifiedCount,
    misclassified: wrong,
    grid,
  };
}

/** [n, classCount] probabilities from raw outputs [n, outputLen]. */
export function toProbabilities(out: Float32Array, n: number, task: Task, loss: LossSpec, lossOnLogits: boolean): Float32Array {
  const D = task.outputLen,
    C = classCount(task),
    p = new Float32Array(n * C);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  for (let i = 0; i < n; i++) {
    if (D === 1) {
      // One output: p(class 1); a logit under binary cross-entropy without a sigmoid layer.
      const v = out[i]!,
        p1 = task.logits ? 1 / (1 + Math.exp(-v)) : clamp(v);
      p[i * C] = 1 - p1;
      p[i * C + 1] = p1;
    } else if (loss.kind === 'cross_entropy' && !lossOnLogits) {
      // Cross-entropy on a model without a softmax layer: the outputs are logits.
      let mx = -Infinity,
        s = 0;
      for (let j = 0; j < D; j++) mx = Math.max(mx, out[i * D + j]!);
      for (let j = 0; j < D; j++) s += p[i * C + j] = Math.exp(out[i * D + j]! - mx);
      for (let j = 0; j < D; j++) p[i * C + j]! /= s;
    } else if (loss.kind === 'binary_cross_entropy' && !lossOnLogits) {
      for (let j = 0; j < D; j++) p[i * C + j] = 1 / (1 + Math.exp(-out[i * D + j]!));
    } else {
      for (let j = 0; j < D; j++) p[i * C + j] = clamp(out[i * D + j]!);
    }
  }
  return p;
}

export function confusionOf(counts: Float64Array, C: number): Confusion {
  const precision: (number | null)[] = [],
    recall: (number | null)[] = [];
  let correct = 0,
    total = 0;
  for (let c = 0; c < C; c++) {
    let row = 0,
      col = 0;
    for (let k = 0; k < C; k++) {
      row += counts[c * C + k]!;
      col += counts[k * C + c]!;
    }
    const tp = counts[c * C + c]!;
    recall.push(row > 0 ? tp / row : null);
    precision.push(col > 0 ? tp / col : null);
    correct += tp;
    total += row;
  }
  return { classes: C, counts, precision, recall, accuracy: total > 0 ? correct / total : 0 };
}

/** The range of both features over the given sets, padded by 5% each side (a flat one by ±1). */
export function extentOf(sets: readonly Dataset[]): [[number, number], [number, number]] {
  const lo = [Infinity, Infinity],
    hi = [-Infinity, -Infinity];
  for (const ds of sets) {
    for (let i = 0; i < ds.size; i++) {
      for (let f = 0; f < 2; f++) {
        const v = ds.x[i * 2 + f]!;
        if (!Number.isFinite(v)) continue;
        lo[f] = Math.min(lo[f]!, v);
        hi[f] = Math.max(hi[f]!, v);
      }
    }
  }
  const pad = (f: number): [number, number] => {
    if (lo[f]! > hi[f]!) return [-1, 1];
    const d = hi[f]! - lo[f]!;
    return d > 0 ? [lo[f]! - 0.05 * d, hi[f]! + 0.05 * d] : [lo[f]! - 1, hi[f]! + 1];
  };
  return [pad(0), pad(1)];
}

/** Centres of an n x n grid over [x0, x1] x [y0, y1], row by row from the lowest y. */
export function gridPoints(n: number, x: readonly [number, number], y: readonly [number, number]): Float32Array {
  const pts = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      pts[(r * n + c) * 2] = x[0] + ((c + 0.5) * (x[1] - x[0])) / n;
      pts[(r * n + c) * 2 + 1] = y[0] + ((r + 0.5) * (y[1] - y[0])) / n;
    }
  }
  return pts;
}
