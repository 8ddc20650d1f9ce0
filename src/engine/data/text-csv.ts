// `text("reviews.csv", column review, label sentiment, length 128)`: one text per row, for a
// sequence classifier. The rows are split as every table is (seeded shuffle, val and test from the
// end); the tokenizer is learned from the training rows only; each text becomes `length` ids,
// truncated at the end or padded with 0 (<pad>), with <bos>/<eos> around it when asked. Labels
// become class ids as the csv source maps them (csv.ts encodeTarget).
import type { DataSpec, TextSource } from '../../graph/data-spec';
import { deriveSeed } from '../rng';
import { encodeTarget } from './csv';
import { isMissing, readCsvRows, type CsvRows } from './csv-rows';
import { DataError } from './host';
import type { LoadedData, LoadOptions } from './load';
import { gather, splitOrder } from './prepare';
import type { RawSet } from './source';
import { finish, learn, readText } from './text';
import { padIds } from './pad-ids';
import type { Tokenizer } from './tokenizers/tokenizer';

export { padIds };

export const DEFAULT_LENGTH = 128;

interface Texts {
  readonly texts: string[];
  readonly rows: CsvRows['body'];
  readonly t: number;
  readonly dropped: number;
}

function readTexts(csv: string, src: TextSource, path: string): Texts {
  const table = readCsvRows(csv, path);
  const c = table.col(src.column!);
  const label = src.label ?? 'label';
  const t = table.col(label);
  const rows = table.body.filter((r) => !isMissing(r.cells[t]!));
  if (rows.length === 0) throw new DataError(`${path}: every row lacks a '${label}' value`, path);
  return { texts: rows.map((r) => r.cells[c] ?? ''), rows, t, dropped: table.body.length - rows.length };
}

function encodeRows(tokenizer: Tokenizer, texts: readonly string[], length: number): { x: Float32Array; truncated: number } {
  const x = new Float32Array(texts.length * length);
  let truncated = 0;
  texts.forEach((s, i) => (truncated += padIds(tokenizer, s, length, x, i * length) ? 1 : 0));
  return { x, truncated };
}

export async function loadTextCsv(spec: DataSpec, src: TextSource, runSeed: number, o: LoadOptions): Promise<LoadedData> {
  const length = src.length ?? DEFAULT_LENGTH;
  const main = readTexts(await readText(o.host, o.location, src.path), src, src.path);
  const seed = spec.shuffle === 'off' ? null : deriveSeed(spec.shuffle.seed ?? runSeed, 'split');
  const separateTest = spec.testSource?.kind === 'text';
  const order = splitOrder(main.texts.length, spec.split.val, separateTest ? 0 : spec.split.test, seed);
  const tokenizer = learn(Array.from(order.train, (i) => main.texts[i]!).join('\n'), src.tokenizer, src.path);
  const labelName = src.label ?? 'label';
  const target = encodeTarget(main.rows, main.t, src.path, labelName, { targetKind: 'class' });
  const { x, truncated } = encodeRows(tokenizer, main.texts, length);
  const notes = [
    `${tokenizer.options.kind} tokenizer learned from the training rows: ${tokenizer.size} ids; texts padded or cut to ${length} tokens`,
  ];
  if (truncated) notes.push(`${truncated} of ${main.texts.length} text(s) were longer than ${length} tokens and were cut`);
  if (main.dropped) notes.push(`${main.dropped} row(s) without a '${labelName}' value were dropped`);
  const raw: RawSet = {
    kind: 'text',
    x,
    y: target.y,
    inputShape: [length],
    targetLen: 1,
    classes: target.classes,
    classNames: target.names,
    featureNames: [],
    notes,
  };
  let test = order.test.length ? gather(raw, order.test, 1) : null;
  if (separateTest) test = await testRows(spec.testSource as TextSource, raw, tokenizer, length, o);
  const splits = { train: gather(raw, order.train, 1), val: order.val.length ? gather(raw, order.val, 1) : null, test };
  return finish(raw, splits, tokenizer, splits.train.x, true);
}

/** A separate test CSV, encoded with the training tokenizer and the training class names. */
async function testRows(t: TextSource, like: RawSet, tokenizer: Tokenizer, length: number, o: LoadOptions) {
  const texts = readTexts(await readText(o.host, o.location, t.path), t, t.path);
  const target = encodeTarget(texts.rows, texts.t, t.path, t.label ?? 'label', { targetKind: 'class', like });
  const { x } = encodeRows(tokenizer, texts.texts, length);
  const raw: RawSet = { ...like, x, y: target.y, classes: Math.max(like.classes, target.classes) };
  return gather(
    raw,
    new Uint32Array(texts.texts.length).map((_, i) => i),
    1,
  );
}
