// Turns a resolved data block into train / val / test splits: read the source through a DataHost
// (files stay inside the workspace), split with the block's shuffle seed, scale, fill missing
// values and normalise with training statistics, and describe the result for the run record.

import type { Shape } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import type { DataSource, DataSpec } from '../../graph/data-spec';
import { deriveSeed } from '../rng';
import { runAugmenter, type BatchAugment } from './augment';
import { loadCsv, type TargetKind } from './csv';
import { Dataset, type Splits } from './dataset';
import { DataError, type DataHost, type DataLocation } from './host';
import { loadIdx } from './idx';
import { loadImageFolder } from './images';
import { applyNormalizer, fitNormalizer, gather, imputeMissing, type Normalizer, splitRaw } from './prepare';
import { numel, type RawSet } from './source';
import { contentHash, describe, type DataStats } from './stats';
import { generate } from './synthetic';
import { loadSeries } from './series';
import { loadTextData } from './text';
import type { Tokenizer } from './tokenizers/tokenizer';

export { DataError } from './host';

export interface LoadOptions {
  readonly host: DataHost;
  readonly location: DataLocation;
  /** The model's input shape: images are resized to it, idx pixels take its layout. */
  readonly inputShape?: Shape;
  /** From the loss: whether a csv target is a class or a number (null: guess from the values). */
  readonly targetKind?: TargetKind | null;
}

export interface LoadedData {
  readonly splits: Splits;
  /** Batch augmentation for the trainer, seeded from the run seed; null without `augment`. */
  readonly augment: BatchAugment | null;
  readonly stats: DataStats;
  readonly normalizer: Normalizer | null;
  /** The main source as read (bytes for images): for previews; the splits do not share it. */
  readonly source: RawSet;
  /** Text sources: the tokenizer learned from the training split (kept in the run record). */
  readonly tokenizer?: Tokenizer;
}

/** Reads one source as raw rows; `like` is the training source a test source must match. */
export async function loadSource(s: DataSource, o: LoadOptions, like?: RawSet): Promise<RawSet> {
  switch (s.kind) {
    case 'synthetic':
      return synthRaw(s);
    case 'csv':
      return loadCsv(o.host, o.location, s.path, { target: s.target, features: s.features, targetKind: o.targetKind ?? null, like });
    case 'idx': {
      const raw = await loadIdx(o.host, o.location, s.images, s.labels);
      // Keep the model's layout ([784] or [1, 28, 28]) when it holds the same number of pixels.
      const shape = o.inputShape && numel(o.inputShape) === numel(raw.inputShape) ? o.inputShape : raw.inputShape;
      const own = shape.length !== raw.inputShape.length ? { imageShape: raw.inputShape } : {};
      return { ...raw, inputShape: shape, ...own, classes: Math.max(raw.classes, like?.classes ?? 0) };
    }
    case 'text':
      throw new DataError(`a text source is loaded as a whole data block (loadData)`, s.path);
    case 'images':
      return loadImageFolder(o.host, o.location, s.folder, {
        shape: o.inputShape?.length === 3 ? o.inputShape : (like?.inputShape ?? null),
        like,
      });
  }
}

const where = (s: DataSource): string =>
  s.kind === 'csv' || s.kind === 'text' ? s.path : s.kind === 'idx' ? s.images : s.kind === 'images' ? s.folder : s.generator;

/** Classification losses read a csv target as classes; the others guess from its values. */
export function targetKindFor(loss: TrainConfig['loss']): TargetKind | null {
  return loss.kind === 'cross_entropy' || loss.kind === 'binary_cross_entropy' ? 'class' : null;
}

export async function loadData(spec: DataSpec, runSeed: number, o: LoadOptions): Promise<LoadedData> {
  if (spec.source.kind === 'text') return loadTextData(spec, runSeed, o);
  if (spec.source.kind === 'csv' && spec.source.sequence) return loadSeries(spec, o);
  if (spec.testSource?.kind === 'text') throw new DataError('a text test source needs a text training source', spec.testSource.path);
  const main = await loadSource(spec.source, o);
  const hash = contentHash(main);
  const seed = spec.shuffle === 'off' ? null : deriveSeed(spec.shuffle.seed ?? runSeed, 'split');
  const scale = spec.scale ?? 1;
  let s = splitRaw(main, spec.split.val, spec.testSource ? 0 : spec.split.test, seed, scale);
  if (spec.testSource) {
    const t = await loadSource(spec.testSource, o, main);
    if (numel(t.inputShape) !== numel(main.inputShape)) {
      throw new DataError(
        `the test source ${where(spec.testSource)} has ${numel(t.inputShape)} values per example, the training source ${numel(main.inputShape)}`,
        where(spec.testSource),
      );
    }
    if (t.targetLen !== main.targetLen)
      throw new DataError(
        `the test source has ${t.targetLen} targets per example, the training source ${main.targetLen}`,
        where(spec.testSource),
      );
    const test = gather(
      { ...t, inputShape: main.inputShape, classes: Math.max(t.classes, main.classes) },
      new Uint32Array(t.y.length / t.targetLen).map((_, i) => i),
      scale,
    );
    s = { ...s, test };
  }
  if (s.train.classes < (s.test?.classes ?? 0))
    s = { train: withClasses(s.train, s.test!.classes), val: s.val && withClasses(s.val, s.test!.classes), test: s.test };
  if (main.kind === 'table') imputeMissing(s);
  let normalizer: Normalizer | null = null;
  if (spec.normalize) {
    normalizer = fitNormalizer(s.train, spec.normalize);
    for (const ds of [s.train, s.val, s.test]) if (ds) applyNormalizer(ds, normalizer);
  }
  let augment: BatchAugment | null = null;
  try {
    augment = runAugmenter(spec.augment, s.train.inputShape, runSeed);
  } catch (e) {
    const flat = main.imageShape
      ? `; the model reads these images flat: give it input [${main.imageShape.join(', ')}] and a flatten layer first`
      : '';
    throw new DataError(`${e instanceof Error ? e.message : String(e)}${flat}`);
  }
  return { splits: s, augment, stats: describe(main, s, normalizer, hash), normalizer, source: main };
}

function withClasses(ds: Dataset, classes: number): Dataset {
  return new Dataset(ds.x, ds.y, ds.inputShape, ds.targetLen, classes);
}

/**
 * Synchronous loading for synthetic sources only (no I/O to wait for): the same splits and
 * transforms as loadData. File sources need loadData with a DataHost.
 */
export function loadSplits(spec: DataSpec, runSeed: number): Splits {
  if (spec.source.kind !== 'synthetic' || (spec.testSource && spec.testSource.kind !== 'synthetic')) {
    throw new DataError(`data source '${spec.source.kind}' needs loadData (files are read asynchronously)`);
  }
  const raw = synthRaw(spec.source);
  const seed = spec.shuffle === 'off' ? null : deriveSeed(spec.shuffle.seed ?? runSeed, 'split');
  const scale = spec.scale ?? 1;
  let s = splitRaw(raw, spec.split.val, spec.testSource ? 0 : spec.split.test, seed, scale);
  if (spec.testSource?.kind === 'synthetic') {
    const t = synthRaw(spec.testSource);
    s = {
      ...s,
      test: gather(
        t,
        new Uint32Array(t.y.length / t.targetLen).map((_, i) => i),
        scale,
      ),
    };
  }
  if (spec.normalize) {
    const nz = fitNormalizer(s.train, spec.normalize);
    for (const ds of [s.train, s.val, s.test]) if (ds) applyNormalizer(ds, nz);
  }
  return s;
}

function synthRaw(s: Extract<DataSource, { kind: 'synthetic' }>): RawSet {
  const ds = generate(s);
  return {
    kind: 'table',
    x: ds.x,
    y: ds.y,
    inputShape: ds.inputShape,
    targetLen: ds.targetLen,
    classes: ds.classes,
    classNames: [],
    featureNames: [],
    notes: [],
  };
}
