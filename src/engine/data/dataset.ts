// An in-memory data set: features [N, ...inputShape] and targets [N, targetLen] in Float32Arrays.
// Targets are class indices (classes > 0) or float values (classes 0).

import type { Shape } from '../../graph/ir';
import { Rng } from '../rng';

export class Dataset {
  readonly inputLen: number;

  constructor(
    readonly x: Float32Array,
    readonly y: Float32Array,
    readonly inputShape: Shape,
    readonly targetLen: number,
    readonly classes: number,
  ) {
    this.inputLen = inputShape.reduce((a, b) => a * b, 1);
    if (x.length % this.inputLen !== 0 || y.length !== (x.length / this.inputLen) * targetLen) {
      throw new Error(`dataset: ${x.length} feature values and ${y.length} targets do not match shape [${inputShape.join(', ')}]`);
    }
  }

  get size(): number {
    return this.x.length / this.inputLen;
  }

  /** A copy holding the given rows, in that order. */
  subset(rows: ArrayLike<number>): Dataset {
    const x = new Float32Array(rows.length * this.inputLen),
      y = new Float32Array(rows.length * this.targetLen);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      x.set(this.x.subarray(r * this.inputLen, (r + 1) * this.inputLen), i * this.inputLen);
      y.set(this.y.subarray(r * this.targetLen, (r + 1) * this.targetLen), i * this.targetLen);
    }
    return new Dataset(x, y, this.inputShape, this.targetLen, this.classes);
  }
}

export interface Splits {
  readonly train: Dataset;
  readonly val: Dataset | null;
  readonly test: Dataset | null;
}

/** Splits by fraction after a seeded shuffle (seed null: keep file order). Val and test take
 *  round(fraction * N) rows each, from the end; train keeps the rest. */
export function split(ds: Dataset, val: number, test: number, seed: number | null): Splits {
  const n = ds.size;
  const order = new Uint32Array(n).map((_, i) => i);
  if (seed !== null) new Rng(seed).shuffle(order);
  const nTest = Math.round(test * n),
    nVal = Math.round(val * n);
  const nTrain = n - nVal - nTest;
  if (nTrain < 1) throw new Error(`split leaves no training data (${n} examples, val ${val}, test ${test})`);
  return {
    train: ds.subset(order.subarray(0, nTrain)),
    val: nVal > 0 ? ds.subset(order.subarray(nTrain, nTrain + nVal)) : null,
    test: nTest > 0 ? ds.subset(order.subarray(nTrain + nVal)) : null,
  };
}

/** Per-feature statistics of a training set, applied to every split (no leak from val/test). */
export function normalize(splits: Splits, how: 'standardize' | 'minmax', scale: number | null): Splits {
  const tr = splits.train,
    d = tr.inputLen,
    n = tr.size;
  const a = new Float64Array(d),
    b = new Float64Array(d);
  if (how === 'standardize') {
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) a[j] += tr.x[i * d + j]! * (scale ?? 1);
    for (let j = 0; j < d; j++) a[j] /= n;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) b[j] += (tr.x[i * d + j]! * (scale ?? 1) - a[j]!) ** 2;
    for (let j = 0; j < d; j++) b[j] = Math.sqrt(b[j]! / n) || 1;
  } else {
    a.fill(Infinity);
    b.fill(-Infinity);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        const v = tr.x[i * d + j]! * (scale ?? 1);
        a[j] = Math.min(a[j]!, v);
        b[j] = Math.max(b[j]!, v);
      }
    for (let j = 0; j < d; j++) b[j] = b[j]! - a[j]! || 1;
  }
  const apply = (ds: Dataset | null) => {
    if (!ds) return null;
    const x = new Float32Array(ds.x.length);
    for (let i = 0; i < ds.size; i++) for (let j = 0; j < d; j++) x[i * d + j] = (ds.x[i * d + j]! * (scale ?? 1) - a[j]!) / b[j]!;
    return new Dataset(x, ds.y, ds.inputShape, ds.targetLen, ds.classes);
  };
  return { train: apply(tr)!, val: apply(splits.val), test: apply(splits.test) };
}

export function scaled(ds: Dataset, scale: number): Dataset {
  return new Dataset(
    ds.x.map((v) => v * scale),
    ds.y,
    ds.inputShape,
    ds.targetLen,
    ds.classes,
  );
}

/**
 * Copies rows order[start .. start+n) into preallocated x and target arrays. Targets are copied,
 * or expanded to one-hot rows when the model's target is `oneHot` values per sample (an MSE loss
 * on class labels).
 */
export function fillBatch(
  ds: Dataset,
  order: Uint32Array,
  start: number,
  n: number,
  x: Float32Array,
  t: Float32Array,
  oneHot: number,
): void {
  const d = ds.inputLen,
    k = ds.targetLen;
  for (let i = 0; i < n; i++) {
    const r = order[start + i]!;
    for (let j = 0; j < d; j++) x[i * d + j] = ds.x[r * d + j]!;
    if (oneHot > 0) {
      for (let j = 0; j < oneHot; j++) t[i * oneHot + j] = 0;
      t[i * oneHot + ds.y[r]!] = 1;
    } else {
      for (let j = 0; j < k; j++) t[i * k + j] = ds.y[r * k + j]!;
    }
  }
}
