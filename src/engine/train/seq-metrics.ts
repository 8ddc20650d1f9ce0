// Sequence metrics, computed on the host from the model's outputs as metrics.ts computes
// accuracy. A per-token task's outputs are [n, T, V] (V scores per token) against targets [n, T]
// whose IGNORE_INDEX entries (padding) count for nothing; a sample classifier is the T = 1 case.
//   perplexity: exp of the mean unsmoothed cross-entropy over every counted token of the set,
//     from the summed cross-entropy and the token count (not a mean of per-batch exps, and
//     without label smoothing, which shapes the training loss but is no property of the model).
//   token_accuracy: counted tokens whose argmax is the target, over counted tokens.
//   sequence_accuracy: samples whose counted tokens are all right, over samples with at least
//     one counted token (a sample of padding only is left out: it has nothing to get right).

import { IGNORE_INDEX } from '../kernels/codes';

export interface SequenceTask {
  /** Target rows per sample (T; 1 for a sample classifier). */
  readonly tokens: number;
  /** Scores per row. */
  readonly vocab: number;
  /** The outputs are probabilities (the model ends with softmax), not logits. */
  readonly probabilities: boolean;
}

export interface SequenceScores {
  readonly perplexity: number;
  readonly token_accuracy: number;
  readonly sequence_accuracy: number;
  /** Counted tokens (the denominators'). */
  readonly tokens: number;
}

/** -log p(target) of one row of V scores. */
function rowCE(out: Float32Array, o: number, V: number, t: number, probabilities: boolean): number {
  if (probabilities) return -Math.log(Math.max(out[o + t]!, 1e-45));
  let mx = -Infinity;
  for (let i = 0; i < V; i++) mx = Math.max(mx, out[o + i]!);
  let s = 0;
  for (let i = 0; i < V; i++) s += Math.exp(out[o + i]! - mx);
  return mx + Math.log(s) - out[o + t]!;
}

function argmax(out: Float32Array, o: number, V: number): number {
  let best = 0;
  for (let i = 1; i < V; i++) if (out[o + i]! > out[o + best]!) best = i;
  return best;
}

export function sequenceScores(out: Float32Array, target: Float32Array, n: number, task: SequenceTask): SequenceScores {
  const { tokens: T, vocab: V } = task;
  let ce = 0,
    counted = 0,
    right = 0,
    samples = 0,
    allRight = 0;
  for (let b = 0; b < n; b++) {
    let here = 0,
      ok = true;
    for (let j = 0; j < T; j++) {
      const r = b * T + j,
        t = target[r]!;
      if (t === IGNORE_INDEX) continue;
      here++;
      ce += rowCE(out, r * V, V, t, task.probabilities);
      if (argmax(out, r * V, V) === t) right++;
      else ok = false;
    }
    counted += here;
    if (here > 0) {
      samples++;
      if (ok) allRight++;
    }
  }
  return {
    perplexity: counted > 0 ? Math.exp(ce / counted) : 1,
    token_accuracy: counted > 0 ? right / counted : 0,
    sequence_accuracy: samples > 0 ? allRight / samples : 0,
    tokens: counted,
  };
}

/** The counted rows of a per-token task as a flat classification set: outputs [k, V], targets [k]. */
export function countedRows(
  out: Float32Array,
  target: Float32Array,
  n: number,
  task: SequenceTask,
): { out: Float32Array; target: Float32Array } {
  const R = n * task.tokens,
    V = task.vocab;
  const keep: number[] = [];
  for (let r = 0; r < R; r++) if (target[r] !== IGNORE_INDEX) keep.push(r);
  const o = new Float32Array(keep.length * V),
    t = new Float32Array(keep.length);
  keep.forEach((r, i) => {
    o.set(out.subarray(r * V, (r + 1) * V), i * V);
    t[i] = target[r]!;
  });
  return { out: o, target: t };
}
