// Next-token sampling from logits: temperature, optional top-k, a seeded draw. Pure, so a seed
// gives the same text on every machine; temperature 0 is the argmax (greedy decoding).
import { Rng } from '../rng';

export interface SampleOptions {
  /** Softmax temperature; 0 picks the most likely token (ties to the smaller id). */
  readonly temperature: number;
  /** Keep only the k most likely tokens before drawing; 0 keeps every token. */
  readonly topK: number;
}

export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** One token id from `logits`, drawing from `rng` (one uniform per call, whatever the options). */
export function sampleToken(logits: ArrayLike<number>, o: SampleOptions, rng: Rng): number {
  const u = rng.uniform();
  if (o.temperature <= 0) return argmax(logits);
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  // Stable sort: equal logits keep id order, so top-k cuts the same tokens everywhere.
  if (o.topK > 0 && o.topK < ids.length) ids.sort((a, b) => logits[b]! - logits[a]!).splice(o.topK);
  let max = -Infinity;
  for (const i of ids) max = Math.max(max, logits[i]!);
  const weights = ids.map((i) => Math.exp((logits[i]! - max) / o.temperature));
  const total = weights.reduce((s, w) => s + w, 0);
  let acc = 0;
  for (let j = 0; j < ids.length; j++) {
    acc += weights[j]! / total;
    if (u < acc) return ids[j]!;
  }
  return ids[ids.length - 1]!;
}
