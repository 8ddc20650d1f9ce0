// What a data set looks like, for the run record and the preview: split sizes, the class
// histogram per split, per-feature statistics (per channel for images) and a content hash.

import { hashBytes } from '../hash';
import type { Dataset, Splits } from './dataset';
import type { Normalizer } from './prepare';
import type { RawSet } from './source';

export interface FeatureStats {
  readonly name: string;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

export interface DataStats {
  readonly kind: 'table' | 'images' | 'synthetic' | 'text' | 'series';
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly sizes: { readonly train: number; readonly val: number; readonly test: number };
  /** Examples per class in each split (empty arrays for a regression); for per-token targets,
   *  tokens per class, the ignored ones (-100, padding) left out. */
  readonly histogram: { readonly train: number[]; readonly val: number[]; readonly test: number[] };
  /** Of the training split as it is fed to the model (after scaling and normalisation). */
  readonly features: readonly FeatureStats[];
  /** Hash of the source's values and targets, before any split or transform. */
  readonly contentHash: string;
  readonly normalizer: { readonly method: string; readonly shift: number[]; readonly div: number[] } | null;
  readonly notes: readonly string[];
  /** Text sources: the tokenizer's kind, its vocabulary size and the training text's most frequent tokens. */
  readonly vocab?: TextVocabStats;
}

export interface TextVocabStats {
  readonly kind: string;
  readonly size: number;
  readonly top: readonly { readonly token: string; readonly count: number }[];
}

function histogram(ds: Dataset | null, classes: number): number[] {
  const h = new Array<number>(classes).fill(0);
  if (!ds || classes === 0) return classes === 0 ? [] : h;
  // Every target of a sequence counts (its first may be an ignored -100); a class-index target is one.
  const per = ds.targetLen;
  for (let i = 0; i < ds.size * per; i++) {
    const c = ds.y[i]!;
    if (c >= 0 && c < classes) h[c]!++;
  }
  return h;
}

/** Per feature for tables; per channel for images (a 784-row table says nothing). */
function featureStats(ds: Dataset, names: readonly string[], images: boolean): FeatureStats[] {
  const shape = ds.inputShape,
    d = ds.inputLen,
    x = ds.x;
  const groups = images && shape.length === 3 ? shape[0]! : d,
    per = d / groups;
  const sum = new Float64Array(groups),
    sq = new Float64Array(groups);
  const lo = new Float64Array(groups).fill(Infinity),
    hi = new Float64Array(groups).fill(-Infinity);
  // Rows, then groups, then the group's contiguous values: plain loops over typed arrays.
  for (let r = 0; r < x.length; r += d) {
    for (let g = 0; g < groups; g++) {
      let s = 0,
        q = 0,
        a = lo[g]!,
        b = hi[g]!;
      for (let i = r + g * per, end = i + per; i < end; i++) {
        const v = x[i]!;
        s += v;
        q += v * v;
        if (v < a) a = v;
        if (v > b) b = v;
      }
      sum[g] += s;
      sq[g] += q;
      lo[g] = a;
      hi[g] = b;
    }
  }
  const n = Math.max(1, ds.size * per);
  const label = (g: number) =>
    images ? (groups === 1 ? 'gray' : (['red', 'green', 'blue', 'alpha'][g] ?? `channel ${g}`)) : (names[g] ?? `x${g + 1}`);
  return Array.from({ length: groups }, (_, g) => {
    const mean = sum[g]! / n;
    return { name: label(g), mean, std: Math.sqrt(Math.max(0, sq[g]! / n - mean * mean)), min: lo[g]!, max: hi[g]! };
  });
}

export function contentHash(raw: { x: Uint8Array | Float32Array; y: Float32Array }): string {
  const bytes = (a: Uint8Array | Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return hashBytes(bytes(raw.x), bytes(raw.y));
}

export function describe(raw: RawSet | null, s: Splits, normalizer: Normalizer | null, hash: string): DataStats {
  const classes = s.train.classes,
    images = raw?.kind === 'images';
  return {
    kind: raw?.kind ?? 'synthetic',
    inputShape: [...s.train.inputShape],
    classes,
    classNames: raw?.classNames ?? [],
    sizes: { train: s.train.size, val: s.val?.size ?? 0, test: s.test?.size ?? 0 },
    histogram: { train: histogram(s.train, classes), val: histogram(s.val, classes), test: histogram(s.test, classes) },
    features: featureStats(s.train, raw?.featureNames ?? [], images),
    contentHash: hash,
    normalizer: normalizer && { method: normalizer.method, shift: [...normalizer.shift], div: [...normalizer.div] },
    notes: raw?.notes ?? [],
  };
}
