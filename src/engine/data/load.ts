// Turns a resolved data block into train / val / test splits. Synthetic sources only for now;
// file loaders (csv, idx, image folders) arrive with the data issue.

import type { DataSource, DataSpec } from '../../graph/data-spec';
import { deriveSeed } from '../rng';
import { type Dataset, normalize, scaled, split, type Splits } from './dataset';
import { generate } from './synthetic';

export class DataError extends Error {}

function source(s: DataSource): Dataset {
  if (s.kind === 'synthetic') return generate(s);
  throw new DataError(`data source '${s.kind}' is not supported by the trainer yet (synthetic data only)`);
}

export function loadSplits(spec: DataSpec, runSeed: number): Splits {
  const main = source(spec.source);
  const seed = spec.shuffle === 'off' ? null : deriveSeed(spec.shuffle.seed ?? runSeed, 'split');
  const testFrac = spec.testSource ? 0 : spec.split.test;
  let s = split(main, spec.split.val, testFrac, seed);
  if (spec.testSource) s = { ...s, test: source(spec.testSource) };
  if (spec.normalize) return normalize(s, spec.normalize, spec.scale);
  if (spec.scale !== null && spec.scale !== 1) {
    const k = spec.scale;
    return { train: scaled(s.train, k), val: s.val && scaled(s.val, k), test: s.test && scaled(s.test, k) };
  }
  return s;
}
