// `synthetic(addition, digits N)`: multi-digit addition as a token sequence, for a small causal
// Transformer with an exact answer. One example is the characters
//   a (N digits, zero-padded) + b (N digits) = s (N + 1 digits, least significant first)
// as token ids (0 <pad> and 1 <unk> as in every vocabulary, digits 2..11, '+' 12, '=' 13). The
// input is the sequence without its last token (T = 3N + 2), the target the next token at each
// position, -100 (ignored) except where the next token is a digit of the sum, so only the answer
// counts. The sum is written reversed because the carry then flows the way a causal model reads
// (Lee et al. 2023, "Teaching Arithmetic to Small Transformers"). Pairs are distinct.
import { ADDITION_VOCAB, additionLength } from '../../graph/data-spec';
import { IGNORE_INDEX } from '../kernels/codes';
import type { Rng } from '../rng';
import { Dataset } from './dataset';

const DIGIT = 2,
  PLUS = 12,
  EQUALS = 13;

/** The characters of a token id of this vocabulary ('' for pad and unk). */
export function additionText(id: number): string {
  if (id >= DIGIT && id < PLUS) return String(id - DIGIT);
  return id === PLUS ? '+' : id === EQUALS ? '=' : '';
}

function digitsOf(v: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++, v = Math.floor(v / 10)) out.push(v % 10);
  return out; // least significant first
}

export function addition(rng: Rng, size: number, digits: number): Dataset {
  const base = 10 ** digits;
  const n = Math.min(size, base * base);
  const T = additionLength(digits),
    answerAt = 2 * digits + 2; // index of the sum's first digit in the full sequence
  const x = new Float32Array(n * T),
    y = new Float32Array(n * T).fill(IGNORE_INDEX);
  const seen = new Set<number>();
  const seq = new Array<number>(T + 1);
  for (let i = 0; i < n; i++) {
    let a: number, b: number;
    do {
      a = rng.int(base);
      b = rng.int(base);
    } while (seen.has(a * base + b));
    seen.add(a * base + b);
    let k = 0;
    for (const d of digitsOf(a, digits).reverse()) seq[k++] = DIGIT + d;
    seq[k++] = PLUS;
    for (const d of digitsOf(b, digits).reverse()) seq[k++] = DIGIT + d;
    seq[k++] = EQUALS;
    for (const d of digitsOf(a + b, digits + 1)) seq[k++] = DIGIT + d;
    for (let t = 0; t < T; t++) {
      x[i * T + t] = seq[t]!;
      if (t + 1 >= answerAt) y[i * T + t] = seq[t + 1]!;
    }
  }
  return new Dataset(x, y, [T], T, ADDITION_VOCAB);
}
