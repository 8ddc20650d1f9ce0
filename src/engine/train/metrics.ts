// Metrics over a whole evaluation set, computed on the host from the model's outputs.
// Classification: the predicted class is the argmax, or for a single output a threshold
// (0 on logits when the loss is binary cross-entropy, else 0.5). precision, recall and f1 are
// macro averages over the classes seen in targets or predictions (sklearn's average='macro',
// zero where undefined). Regression: mae and r2 over all output values (sklearn's r2_score).
// A per-token task ([T, V] outputs under cross-entropy) counts each non-ignored token as one
// example for accuracy, precision, recall and f1; perplexity and the token and sequence
// accuracies are seq-metrics.ts's.

import type { LossSpec, MetricName } from '../../graph/train-config';
import { countedRows, sequenceScores, type SequenceTask } from './seq-metrics';

export interface Task {
  readonly classes: number; // 0 for regression
  readonly outputLen: number;
  readonly logits: boolean; // single-output classification trained with BCE on logits
  /** Cross-entropy target rows per sample: T for a per-token [T, V] output (absent: 1). */
  readonly tokens?: number;
  /** Cross-entropy on a softmax output: the outputs are probabilities. */
  readonly probabilities?: boolean;
}

/** The task of a compiled model: a single output under binary cross-entropy without a sigmoid
 *  layer is a logit (the loss applies the sigmoid), so its threshold is 0. */
export function taskFor(
  classes: number,
  plan: { readonly outputLen: number; readonly targetLen: number; readonly lossOnLogits: boolean },
  loss: LossSpec,
): Task {
  const ce = loss.kind === 'cross_entropy';
  return {
    classes,
    outputLen: plan.outputLen,
    logits: loss.kind === 'binary_cross_entropy' && !plan.lossOnLogits,
    ...(ce && plan.targetLen > 1 ? { tokens: plan.targetLen } : {}),
    ...(ce && plan.lossOnLogits ? { probabilities: true } : {}),
  };
}

export const SEQUENCE_METRICS: readonly MetricName[] = ['perplexity', 'token_accuracy', 'sequence_accuracy'];

function sequenceTask(task: Task): SequenceTask {
  const tokens = task.tokens ?? 1;
  return { tokens, vocab: task.outputLen / tokens, probabilities: task.probabilities ?? false };
}

export function computeMetrics(
  names: readonly MetricName[],
  out: Float32Array,
  target: Float32Array,
  n: number,
  task: Task,
): Record<string, number> {
  const m: Record<string, number> = {};
  const cls = names.filter((k) => k === 'accuracy' || k === 'precision' || k === 'recall' || k === 'f1');
  const seq = names.filter((k) => SEQUENCE_METRICS.includes(k));
  if (seq.length > 0 && task.classes > 0 && sequenceTask(task).vocab >= 2) {
    const s = sequenceScores(out, target, n, sequenceTask(task));
    for (const k of seq) m[k] = s[k as keyof typeof s];
  }
  if (cls.length > 0 && task.classes > 0 && (task.tokens ?? 1) > 1) {
    const st = sequenceTask(task),
      rows = countedRows(out, target, n, st);
    Object.assign(m, classification(cls, rows.out, rows.target, rows.target.length, { ...task, outputLen: st.vocab, tokens: 1 }));
  } else if (cls.length > 0 && task.classes > 0) Object.assign(m, classification(cls, out, target, n, task));
  if (names.includes('mae') || names.includes('r2')) {
    const r = regression(out, target, n, task);
    if (names.includes('mae')) m.mae = r.mae;
    if (names.includes('r2')) m.r2 = r.r2;
  }
  return m;
}

/** Classes a classifier's predictions range over: a single output has two. */
export function classCount(task: Task): number {
  return Math.max(task.classes, task.outputLen, 2);
}

/** The class the model predicts for example i of outputs [n, outputLen]. */
export function predictClass(out: Float32Array, i: number, task: Task): number {
  const D = task.outputLen;
  if (D === 1) return out[i]! > (task.logits ? 0 : 0.5) ? 1 : 0;
  let best = 0;
  for (let j = 1; j < D; j++) if (out[i * D + j]! > out[i * D + best]!) best = j;
  return best;
}

function classification(
  names: readonly MetricName[],
  out: Float32Array,
  target: Float32Array,
  n: number,
  task: Task,
): Record<string, number> {
  const C = classCount(task);
  const tp = new Float64Array(C),
    fp = new Float64Array(C),
    fn = new Float64Array(C),
    seen = new Uint8Array(C);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const p = predictClass(out, i, task),
      t = Math.round(target[i]!);
    seen[p] = 1;
    seen[t] = 1;
    if (p === t) {
      correct++;
      tp[p]++;
    } else {
      fp[p]++;
      fn[t]++;
    }
  }
  let P = 0,
    R = 0,
    F = 0,
    k = 0;
  for (let c = 0; c < C; c++) {
    if (!seen[c]) continue;
    const pr = tp[c]! + fp[c]! > 0 ? tp[c]! / (tp[c]! + fp[c]!) : 0;
    const rc = tp[c]! + fn[c]! > 0 ? tp[c]! / (tp[c]! + fn[c]!) : 0;
    P += pr;
    R += rc;
    F += pr + rc > 0 ? (2 * pr * rc) / (pr + rc) : 0;
    k++;
  }
  const all: Record<string, number> = { accuracy: n > 0 ? correct / n : 0, precision: P / k, recall: R / k, f1: F / k };
  const m: Record<string, number> = {};
  for (const name of names) m[name] = all[name]!;
  return m;
}

function regression(out: Float32Array, target: Float32Array, n: number, task: Task): { mae: number; r2: number } {
  const len = n * task.outputLen;
  let mean = 0;
  for (let i = 0; i < len; i++) mean += target[i]!;
  mean /= len || 1;
  let abs = 0,
    res = 0,
    tot = 0;
  for (let i = 0; i < len; i++) {
    const e = out[i]! - target[i]!;
    abs += Math.abs(e);
    res += e * e;
    tot += (target[i]! - mean) ** 2;
  }
  return { mae: abs / (len || 1), r2: tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0 };
}
