// `text(...)` sources. A text file becomes language-model windows: the text is cut into train,
// val and test by characters, in that order (the last fractions are val, then test), the
// tokenizer is learned from the training part only, and each part is windowed on its own, so no
// validation window overlaps training text. A CSV becomes padded token rows with class labels
// (text-csv.ts). The tokenizer travels with the loaded data into the run record.
import type { DataSpec, TextSource, TokenizerSpec } from '../../graph/data-spec';
import { Dataset, type Splits } from './dataset';
import { DataError, readData, type DataHost, type DataLocation } from './host';
import type { LoadedData, LoadOptions } from './load';
import type { RawSet } from './source';
import { contentHash, describe, type DataStats } from './stats';
import { loadTextCsv } from './text-csv';
import { learnTokenizer, VocabError, type Tokenizer, type TokenizerOptions } from './tokenizers/tokenizer';
import { cutText, lmWindows } from './windows';

export const tokenizerOptions = (t: TokenizerSpec): TokenizerOptions => ({ ...t });

export async function readText(host: DataHost, loc: DataLocation, path: string): Promise<string> {
  return new TextDecoder('utf-8').decode(await readData(host, loc, path)).replace(/^\uFEFF/, '');
}

/** Learns the tokenizer, turning a vocabulary problem into a DataError on the source's file. */
export function learn(text: string, t: TokenizerSpec, path: string): Tokenizer {
  try {
    return learnTokenizer(text, tokenizerOptions(t));
  } catch (e) {
    if (e instanceof VocabError) throw new DataError(`${path}: ${e.message}`, path);
    throw e;
  }
}

export async function loadTextData(spec: DataSpec, runSeed: number, o: LoadOptions): Promise<LoadedData> {
  const src = spec.source as TextSource;
  if (src.column !== null) return loadTextCsv(spec, src, runSeed, o);
  const T = src.window;
  if (T === null)
    throw new DataError(`${src.path}: text(...) needs 'window N' (language modelling) or 'column NAME' (a CSV of texts)`, src.path);
  const stride = src.stride ?? T;
  const text = await readText(o.host, o.location, src.path);
  const test = spec.testSource?.kind === 'text' ? 0 : spec.split.test;
  const parts = cutText(text, spec.split.val, test);
  const tokenizer = learn(parts.train, src.tokenizer, src.path);
  const encode = (s: string): number[] => {
    const ids = tokenizer.encode(s);
    const bos = tokenizer.options.bos ? [2] : [];
    const eos = tokenizer.options.eos ? [tokenizer.options.bos ? 3 : 2] : [];
    return s.length ? [...bos, ...ids, ...eos] : [];
  };
  const trainIds = encode(parts.train);
  const windows = (ids: number[], what: string, file = src.path): Dataset | null => {
    if (ids.length === 0) return null;
    const w = lmWindows(ids, T, stride);
    if (w.count === 0)
      throw new DataError(
        `${file}: window ${T} is longer than the ${what} (${ids.length} tokens; a window needs ${T + 1}); lower the window or the split`,
        file,
      );
    return new Dataset(w.x, w.y, [T], T, tokenizer.size);
  };
  const train = windows(trainIds, 'training text')!;
  if (!train) throw new DataError(`${src.path}: the text is empty`, src.path);
  let testSet = windows(encode(parts.test), 'test part of the text');
  if (spec.testSource?.kind === 'text') {
    const t = spec.testSource;
    testSet = windows(encode(await readText(o.host, o.location, t.path)), 'test text', t.path);
  }
  const splits: Splits = { train, val: windows(encode(parts.val), 'validation part of the text'), test: testSet };
  const notes = [
    `${tokenizer.options.kind} tokenizer learned from the training text: ${tokenizer.size} ids; ` +
      `${train.size} training windows of ${T} tokens every ${stride}`,
  ];
  const raw: RawSet = {
    kind: 'text',
    x: train.x.slice(), // copies: the splits may be transferred to a worker
    y: train.y.slice(),
    inputShape: [T],
    targetLen: T,
    classes: tokenizer.size,
    classNames: [],
    featureNames: [],
    notes,
  };
  return finish(raw, splits, tokenizer, trainIds, false);
}

/** Stats for a text source: no per-position feature table; the vocabulary instead. */
export function finish(raw: RawSet, splits: Splits, tokenizer: Tokenizer, trainIds: ArrayLike<number>, classes: boolean): LoadedData {
  const base = describe(raw, splits, null, contentHash(raw));
  const stats: DataStats = {
    ...base,
    histogram: classes ? base.histogram : { train: [], val: [], test: [] },
    features: [],
    vocab: { kind: tokenizer.options.kind, size: tokenizer.size, top: topTokens(tokenizer, trainIds, 20) },
  };
  return { splits, augment: null, stats, normalizer: null, source: raw, tokenizer };
}

function topTokens(tokenizer: Tokenizer, ids: ArrayLike<number>, n: number): { token: string; count: number }[] {
  const counts = new Float64Array(tokenizer.size);
  for (let i = 0; i < ids.length; i++) counts[ids[i]!]++;
  return Array.from(counts, (count, id) => ({ id, count }))
    .filter((c) => c.count > 0 && c.id > 0)
    .sort((a, b) => b.count - a.count || a.id - b.id)
    .slice(0, n)
    .map((c) => ({ token: tokenizer.tokenText(c.id), count: c.count }));
}
