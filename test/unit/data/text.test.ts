import * as assert from 'node:assert/strict';
import type { DataSource, TokenizerSpec } from '../../../src/graph/data-spec';
import { DataError } from '../../../src/engine/data/host';
import { loadData } from '../../../src/engine/data/load';
import { cutRows, forecastWindows, lmWindows } from '../../../src/engine/data/windows';
import { at, spec } from './helpers';

const tok = (kind: TokenizerSpec['kind'] = 'char', more: Partial<TokenizerSpec> = {}): TokenizerSpec => ({
  kind,
  vocab: null,
  minCount: 1,
  bos: false,
  eos: false,
  lower: true,
  punct: true,
  ...more,
});
const lm = (window: number, more: Partial<Extract<DataSource, { kind: 'text' }>> = {}): DataSource => ({
  kind: 'text',
  path: 'tiny.txt',
  tokenizer: tok(),
  window,
  stride: null,
  column: null,
  label: null,
  length: null,
  ...more,
});

describe('data: windows', () => {
  it('language-model windows: x = tokens [t, t+T), y = tokens [t+1, t+T+1), every stride while one fits', () => {
    const ids = [10, 11, 12, 13, 14, 15, 16];
    const w = lmWindows(ids, 3, 3);
    assert.equal(w.count, 2);
    assert.deepEqual([...w.x], [10, 11, 12, 13, 14, 15]);
    assert.deepEqual([...w.y], [11, 12, 13, 14, 15, 16]);
    assert.equal(lmWindows(ids, 3, 1).count, 4);
    assert.equal(lmWindows(ids, 7, 1).count, 0, 'a window needs T + 1 tokens');
  });
  it('forecasting windows: x = rows [t, t+T) of F features, y = the target column at [t+T, t+T+H)', () => {
    // 6 rows × 2 features: (i, 10 i)
    const series = Float32Array.from({ length: 12 }, (_, k) => (k % 2 ? 10 : 1) * Math.floor(k / 2));
    const w = forecastWindows(series, 2, 1, 2, 2, 1);
    assert.equal(w.count, 3);
    assert.deepEqual([...w.x.subarray(0, 4)], [0, 0, 1, 10]);
    assert.deepEqual([...w.y.subarray(0, 2)], [20, 30]);
    assert.deepEqual([...w.y.subarray(4, 6)], [40, 50]);
  });
  it('contiguous parts: train first, then val, then test', () => {
    assert.deepEqual(cutRows(10, 0.2, 0.1), { train: [0, 7], val: [7, 9], test: [9, 10] });
  });
});

describe('data: text sources', () => {
  const TEXT = 'abcabcabcabcabcabcabcabcabcxyzxyz'; // the last 0.2 holds x, y, z only

  it('a text file: char windows of T with stride T by default, the tokenizer learned from the training part', async () => {
    const d = await loadData(spec(lm(4), { split: { val: 0.2, test: 0 } }), 0, at({ 'tiny.txt': TEXT }));
    const t = d.tokenizer!;
    assert.deepEqual(t.toJSON().tokens, ['<pad>', '<unk>', 'a', 'b', 'c'], 'x, y, z are only in the validation part');
    const train = d.splits.train;
    assert.deepEqual(train.inputShape, [4]);
    assert.equal(train.targetLen, 4);
    assert.equal(train.classes, 5);
    // 33 chars: round(0.2 * 33) = 7 val, 26 train: windows of 4 every 4 need 5 tokens: 6 windows.
    assert.equal(train.size, 6);
    assert.equal(t.decode(train.x.subarray(0, 4)), 'abca');
    assert.equal(t.decode(train.y.subarray(0, 4)), 'bcab');
    assert.equal(t.decode(train.x.subarray(4, 8)), 'bcab', 'the second window starts T tokens later');
    // The validation windows come from the last 7 characters only, 'cxyzxyz'; x, y, z are <unk> (1).
    const val = d.splits.val!;
    assert.equal(val.size, 1);
    assert.deepEqual([...val.x], [4, 1, 1, 1], 'c, then x y z as <unk>: validation text never taught the tokenizer');
    assert.equal(d.stats.vocab?.size, 5);
    assert.equal(d.stats.vocab?.top[0]?.token, 'a');
    assert.equal(d.stats.kind, 'text');
  });

  it('a separate test: text is encoded with the training tokenizer', async () => {
    const d = await loadData(spec(lm(2), { testSource: lm(2, { path: 'test.txt' }) }), 0, at({ 'tiny.txt': 'abab', 'test.txt': 'bazb' }));
    assert.deepEqual([...d.splits.test!.x], [3, 2], "'bazb' is b a <unk> b: one window of 2");
    assert.deepEqual([...d.splits.test!.y], [2, 1]);
  });

  it('stride sets the distance between windows', async () => {
    const d = await loadData(spec(lm(4, { stride: 1 })), 0, at({ 'tiny.txt': 'abcdefgh' }));
    assert.equal(d.splits.train.size, 4);
    assert.equal(d.tokenizer!.decode(d.splits.train.x.subarray(4, 8)), 'bcde');
  });

  it('file problems are DataErrors naming the file: missing, outside the workspace, window too long, vocab too large', async () => {
    const fails = async (source: DataSource, files: Record<string, string>, re: RegExp) =>
      assert.rejects(loadData(spec(source), 0, at(files)), (e: Error) => e instanceof DataError && re.test(e.message));
    await fails(lm(4), {}, /cannot read 'tiny.txt': no such file/);
    await fails(lm(4, { path: '../etc/passwd' }), {}, /outside the workspace/);
    await fails(lm(64), { 'tiny.txt': 'short text' }, /window 64 is longer than the training text \(10 tokens; a window needs 65\)/);
    await fails(
      lm(4, { tokenizer: tok('char', { vocab: 5000 }) }),
      { 'tiny.txt': TEXT },
      /vocab 5000 but the training text has only 6 distinct characters/,
    );
  });

  it('word and bpe tokenizers give windows too', async () => {
    const words = 'the cat sat on the mat . '.repeat(10);
    const w = await loadData(spec(lm(5, { tokenizer: tok('word') })), 0, at({ 'tiny.txt': words }));
    assert.equal(w.tokenizer!.decode(w.splits.train.x.subarray(0, 5)), 'the cat sat on the');
    const b = await loadData(spec(lm(8, { tokenizer: tok('bpe', { vocab: 270 }) })), 0, at({ 'tiny.txt': words }));
    assert.equal(b.tokenizer!.size, 270);
    assert.equal(b.splits.train.classes, 270);
  });

  const REVIEWS = 'review,sentiment\n"good film, loved it",pos\nawful,neg\n"a b c d e f g",pos\nbad bad,neg\n';
  const csvText = (more: Partial<Extract<DataSource, { kind: 'text' }>> = {}): DataSource => ({
    ...(lm(1) as Extract<DataSource, { kind: 'text' }>),
    path: 'reviews.csv',
    window: null,
    tokenizer: tok('word'),
    column: 'review',
    label: 'sentiment',
    length: 4,
    ...more,
  });

  it('a CSV text column: ids padded with 0 or cut to length, labels as sorted class ids', async () => {
    const d = await loadData(spec(csvText()), 0, at({ 'reviews.csv': REVIEWS }));
    const x = d.splits.train.x,
      t = d.tokenizer!;
    assert.deepEqual(d.splits.train.inputShape, [4]);
    assert.equal(d.splits.train.targetLen, 1);
    assert.deepEqual(d.stats.classNames, ['neg', 'pos']);
    assert.deepEqual([...d.splits.train.y], [1, 0, 1, 0]);
    assert.equal(t.decode(x.subarray(0, 4)), 'good film, loved');
    assert.deepEqual([...x.subarray(4, 8)].slice(1), [0, 0, 0], 'awful, then <pad>');
    assert.equal(t.decode(x.subarray(8, 12)), 'a b c d', 'cut to 4 tokens');
    assert.ok(d.stats.notes.some((n) => /2 of 4 text\(s\) were longer than 4 tokens/.test(n)));
  });

  it('a CSV text column: <bos>/<eos> around each text; the eos survives the cut', async () => {
    const d = await loadData(spec(csvText({ tokenizer: tok('word', { bos: true, eos: true }) })), 0, at({ 'reviews.csv': REVIEWS }));
    const row = [...d.splits.train.x.subarray(8, 12)];
    assert.equal(row[0], 2);
    assert.equal(row[3], 3);
  });

  it('a CSV text column: a missing column is an error listing the columns', async () => {
    await assert.rejects(
      loadData(spec(csvText({ column: 'text' })), 0, at({ 'reviews.csv': REVIEWS })),
      /no column 'text'; the columns are review, sentiment/,
    );
  });

  it('a CSV text column: the tokenizer sees the training rows only', async () => {
    const d = await loadData(spec(csvText(), { split: { val: 0.25, test: 0 } }), 0, at({ 'reviews.csv': REVIEWS }));
    assert.ok(!d.tokenizer!.toJSON().tokens.includes('bad'), 'the last row is the validation row');
    assert.deepEqual([...d.splits.val!.x.subarray(0, 2)], [1, 1]);
  });
});

describe('data: forecasting windows from a csv', () => {
  const rows = Array.from({ length: 20 }, (_, i) => `${i},${i * 2},x`).join('\n');
  const series = (window: number, horizon: number, features: string[] | null = null): DataSource => ({
    kind: 'csv',
    path: 's.csv',
    target: 'temp',
    features,
    sequence: { window, horizon, stride: 1 },
  });

  it('x [T, F] and y [H], split by time, normalised with the training rows only', async () => {
    const d = await loadData(
      spec(series(3, 2, ['t', 'temp']), { split: { val: 0.25, test: 0 } }),
      0,
      at({ 's.csv': `t,temp,note\n${rows}` }),
    );
    const tr = d.splits.train;
    assert.deepEqual(tr.inputShape, [3, 2]);
    assert.equal(tr.targetLen, 2);
    assert.equal(tr.classes, 0);
    assert.equal(tr.size, 15 - 5 + 1, 'rows 0..14 are training rows');
    // The training rows' temp is 0, 2, ..., 28: mean 14, std sqrt(mean of squares of deviations).
    const std = Math.sqrt(Array.from({ length: 15 }, (_, i) => (2 * i - 14) ** 2).reduce((a, b) => a + b) / 15);
    assert.ok(Math.abs(tr.y[0]! - (6 - 14) / std) < 1e-6, 'y of the first window is temp at row 3, normalised');
    assert.ok(Math.abs(tr.x[1]! - (0 - 14) / std) < 1e-6);
    const val = d.splits.val!;
    assert.equal(val.size, 5 - 5 + 1, 'rows 15..19 only');
    assert.ok(Math.abs(val.x[1]! - (30 - 14) / std) < 1e-6, 'the validation window starts at row 15');
    assert.equal(d.stats.normalizer?.method, 'standardize');
  });

  it('keeps a model layout with as many values ([T] for one feature), and says when the window is too long', async () => {
    const d = await loadData(spec(series(4, 1)), 0, { ...at({ 's.csv': `t,temp,note\n${rows}` }), inputShape: [4] });
    assert.deepEqual(d.splits.train.inputShape, [4]);
    await assert.rejects(
      loadData(spec(series(19, 2)), 0, at({ 's.csv': `t,temp,note\n${rows}` })),
      /window 19 \+ horizon 2 is longer than the training rows \(20 rows\)/,
    );
    await assert.rejects(loadData(spec(series(3, 1, ['note'])), 0, at({ 's.csv': `t,temp,note\n${rows}` })), /'x' is not a number/);
  });
});
