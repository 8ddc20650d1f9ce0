// Predict's text spec against the engine's own data pipeline (loadData, the reference): a text
// classifier's run gets a text box whose encoding of each training text, with the run's tokenizer
// as stored (toJSON, rebuilt), is bit for bit the row training fed the model; a language model's
// run ([T, V] out) gets Generate; a run without a tokenizer is told why.
import { strict as assert } from 'node:assert';
import type { DataSource } from '../../../src/graph/data-spec';
import { loadData } from '../../../src/engine/data/load';
import { predictSpec } from '../../../src/export/predict/input';
import { encodeText, tokenizerOf } from '../../../src/export/predict/text';
import { at, spec } from '../data/helpers';

const TEXTS = ['good film, loved it', 'awful', 'a b c d e f g', 'bad bad', 'loved the film', 'good'];
const CSV = `review,sentiment\n${TEXTS.map((t, i) => `"${t}",${i % 2 ? 'neg' : 'pos'}`).join('\n')}\n`;
const tokenizer = { kind: 'word' as const, vocab: null, minCount: 1, bos: true, eos: true, lower: true, punct: true };
const source: DataSource = {
  kind: 'text',
  path: 'reviews.csv',
  tokenizer,
  window: null,
  stride: null,
  column: 'review',
  label: 'sentiment',
  length: 5,
};

describe('Predict: text models', () => {
  it("a text classifier: every training text typed in is the row training fed, with the run's stored tokenizer", async () => {
    const s = spec(source, { shuffle: 'off' });
    const d = await loadData(s, 0, at({ 'reviews.csv': CSV }));
    const p = predictSpec(s, d.stats, { tokenizer: d.tokenizer!.toJSON(), outputShape: [2] });
    assert.equal(p.input.kind, 'text');
    assert.deepEqual(p.classes, ['neg', 'pos']);
    if (p.input.kind !== 'text') return;
    assert.deepEqual(p.input.shape, [5]);
    const stored = tokenizerOf(JSON.parse(JSON.stringify(p.input.tokenizer)));
    const train = d.splits.train;
    assert.equal(train.size, TEXTS.length);
    TEXTS.forEach((text, i) =>
      assert.deepEqual([...encodeText(stored, text, 5)], [...train.x.subarray(i * 5, i * 5 + 5)], `row ${i}: '${text}'`),
    );
  });

  it('a language model gets Generate with its vocabulary; a run without a tokenizer cannot tokenize', async () => {
    const lm: DataSource = {
      ...source,
      path: 'tiny.txt',
      tokenizer: { ...tokenizer, kind: 'char', bos: false, eos: false },
      window: 4,
      column: null,
      label: null,
      length: null,
    };
    const s = spec(lm);
    const d = await loadData(s, 0, at({ 'tiny.txt': 'the cat sat on the mat. '.repeat(8) }));
    const V = d.tokenizer!.size;
    const p = predictSpec(s, d.stats, { tokenizer: d.tokenizer!.toJSON(), outputShape: [4, V] });
    assert.equal(p.input.kind, 'generate');
    if (p.input.kind === 'generate') assert.equal(p.input.vocab, V);
    assert.deepEqual(p.classes, []);
    const none = predictSpec(s, d.stats, { tokenizer: null, outputShape: [4, V] });
    assert.equal(none.input.kind, 'unsupported');
    if (none.input.kind === 'unsupported') assert.match(none.input.why, /no tokenizer/);
  });
});
