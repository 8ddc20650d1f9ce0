// From a RawSet to Float32 splits in one pass per row (bytes are converted and scaled as they are
// gathered, so peak memory is the raw bytes plus the splits), then missing values and
// normalisation, both fitted on the training split only and applied in place.

import { Rng } from '../rng';
import { Dataset, type Splits } from './dataset';
import { numel, type RawSet } from './source';

/** The fitted per-feature transform, kept in the run record: x' = (x - shift) / div. */
export interface Normalizer {
  readonly method: 'standardize' | 'minmax';
  readonly shift: Float32Array;
  readonly div: Float32Array;
}

/** Rows of `raw` in `rows` order as a Float32 Dataset, each value multiplied by `scale`. */
export function gather(raw: RawSet, rows: ArrayLike<number>, scale: number): Dataset {
  const d = numel(raw.inputShape),
    k = raw.targetLen;
  const x = new Float32Array(rows.length * d),
    y = new Float32Array(rows.length * k);
  // One loop per source type: a loop that sees both array kinds runs several times slower.
  if (raw.x instanceof Uint8Array) copyRows(raw.x, x, rows, d, scale);
  else copyRows(raw.x, x, rows, d, scale);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < k; j++) y[i * k + j] = raw.y[rows[i]! * k + j]!;
  return new Dataset(x, y, raw.inputShape, k, raw.classes);
}

function copyRows<A extends Uint8Array | Float32Array>(src: A, x: Float32Array, rows: ArrayLike<number>, d: number, scale: number): void {
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i]! * d,
      to = i * d;
    for (let j = 0; j < d; j++) x[to + j] = src[from + j]! * scale;
  }
}

/** The rows of each split: a seeded shuffle (seed null: file order), then test and val rows from
 *  the end, round(fraction * n) each, as `split` does; train keeps the rest. */
export function splitOrder(
  n: number,
  val: number,
  test: number,
  seed: number | null,
): { train: Uint32Array; val: Uint32Array; test: Uint32Array } {
  const order = new Uint32Array(n).map((_, i) => i);
  if (seed !== null) new Rng(seed).shuffle(order);
  const nTest = Math.round(test * n),
    nVal = Math.round(val * n),
    nTrain = n - nVal - nTest;
  if (nTrain < 1) throw new Error(`split leaves no training data (${n} examples, val ${val}, test ${test})`);
  return { train: order.subarray(0, nTrain), val: order.subarray(nTrain, nTrain + nVal), test: order.subarray(nTrain + nVal) };
}

export function splitRaw(raw: RawSet, val: number, test: number, seed: number | null, scale: number): Splits {
  const rows = splitOrder(raw.y.length / raw.targetLen, val, test, seed);
  return {
    train: gather(raw, rows.train, scale),
    val: rows.val.length > 0 ? gather(raw, rows.val, scale) : null,
    test: rows.test.length > 0 ? gather(raw, rows.test, scale) : null,
  };
}

/** Fills NaN features with the training mean of their column; returns how many were filled. */
export function imputeMissing(s: Splits): number {
  const tr = s.train,
    d = tr.inputLen;
  const sum = new Float64Array(d),
    cnt = new Float64Array(d);
  let any = false;
  for (let i = 0; i < tr.x.length; i++) {
    const v = tr.x[i]!;
    if (Number.isNaN(v)) any = true;
    else {
      sum[i % d] += v;
      cnt[i % d]++;
    }
  }
  if (!any && ![s.val, s.test].some((ds) => ds?.x.some(Number.isNaN))) return 0;
  let filled = 0;
  for (const ds of [s.train, s.val, s.test]) {
    if (!ds) continue;
    for (let i = 0; i < ds.x.length; i++) {
      if (Number.isNaN(ds.x[i]!)) {
        ds.x[i] = cnt[i % d]! > 0 ? sum[i % d]! / cnt[i % d]! : 0;
        filled++;
      }
    }
  }
  return filled;
}

export function fitNormalizer(train: Dataset, method: 'standardize' | 'minmax'): Normalizer {
  const d = train.inputLen,
    n = train.size,
    x = train.x;
  const shift = new Float32Array(d),
    div = new Float32Array(d);
  if (method === 'standardize') {
    const mean = new Float64Array(d),
      sq = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j] /= n;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j] += (x[i * d + j]! - mean[j]!) ** 2;
    for (let j = 0; j < d; j++) {
      shift[j] = mean[j]!;
      div[j] = Math.sqrt(sq[j]! / n) || 1;
    }
  } else {
    const lo = new Float64Array(d).fill(Infinity),
      hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j]!;
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    for (let j = 0; j < d; j++) {
      shift[j] = lo[j]!;
      div[j] = hi[j]! - lo[j]! || 1;
    }
  }
  return { method, shift, div };
}

/** In place: the splits are fresh copies that nothing else holds. */
export function applyNormalizer(ds: Dataset, nz: Normalizer): void {
  const d = ds.inputLen,
    x = ds.x;
  for (let i = 0; i < x.length; i += d) for (let j = 0; j < d; j++) x[i + j] = (x[i + j]! - nz.shift[j]!) / nz.div[j]!;
}
