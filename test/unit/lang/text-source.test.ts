import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/lang/analyze';
import { completionsAt } from '../../../src/lang/completion';
import { hoverAt } from '../../../src/lang/hover';
import { diagnosticsOf, errorsOf, warningsOf } from './helpers';

const data = (source: string) => `data d {\n  source: ${source}\n  split: val 0.1\n}\n`;
const specOf = (source: string) => analyze(data(source)).data[0]!.spec!;

describe('lang: text(...) and forecasting sources', () => {
  it('text with window: tokenizer options with their defaults; the data gives token windows [T]', () => {
    const a = analyze(data('text("data/tiny.txt", tokenizer char, window 64)'));
    assert.deepEqual(a.diagnostics, []);
    const s = a.data[0]!.spec!.source;
    assert.deepEqual(s, {
      kind: 'text',
      path: 'data/tiny.txt',
      tokenizer: { kind: 'char', vocab: null, minCount: 1, bos: false, eos: false, lower: true, punct: true },
      window: 64,
      stride: null,
      column: null,
      label: null,
      length: null,
    });
    assert.deepEqual(a.data[0]!.info.sequence, { input: [64], tokens: true });
  });

  it('text with column: label, length (default 128) and word options', () => {
    const s = specOf('text("reviews.csv", column review, label sentiment, tokenizer word, lower off, vocab 5000)').source;
    assert.equal(s.kind, 'text');
    if (s.kind !== 'text') return;
    assert.equal(s.column, 'review');
    assert.equal(s.label, 'sentiment');
    assert.equal(s.length, 128);
    assert.equal(s.tokenizer.lower, false);
    assert.equal(s.tokenizer.vocab, 5000);
  });

  it('csv with window and horizon is a forecasting source: x [T, F], y [H] values', () => {
    const a = analyze(data('csv("series.csv", target temp, window 48, horizon 12)'));
    assert.deepEqual(a.diagnostics, []);
    const s = a.data[0]!.spec!.source;
    assert.deepEqual(s.kind === 'csv' && s.sequence, { window: 48, horizon: 12, stride: 1 });
    assert.deepEqual(a.data[0]!.info.sequence, { input: [48, 1], tokens: false });
    assert.equal(a.data[0]!.info.outputs, 12);
  });

  it('a text source needs window or column, not both', () => {
    assert.match(errorsOf(data('text("a.txt")'))[0]!, /text\(\.\.\.\) needs 'window N' .* or 'column NAME'/);
    assert.match(errorsOf(data('text("a.csv", window 8, column review)'))[0]!, /takes 'window' .* or 'column' .*, not both/);
  });

  it('options that do not apply are warnings on their own place', () => {
    const d = diagnosticsOf(data('text("a.txt", tokenizer char, window 8, lower off, length 9)'));
    assert.ok(
      d.some((m) => /^2:\d+ warning: 'length' belongs to a CSV of texts \(column\); 'length' is ignored/.test(m)),
      d.join('\n'),
    );
    assert.ok(d.some((m) => /warning: the char tokenizer keeps every character; 'lower' is ignored/.test(m)));
    assert.match(warningsOf(data('csv("s.csv", target y, horizon 3)'))[0]!, /'horizon' applies to forecasting windows/);
  });

  it('a bpe vocabulary must hold the specials and the 256 bytes; a bad tokenizer name is an error', () => {
    assert.match(errorsOf(data('text("a.txt", tokenizer bpe, vocab 100, window 8)'))[0]!, /vocab must be 258 or more/);
    assert.match(errorsOf(data('text("a.txt", tokenizer bpe, bos, vocab 258, window 8)'))[0]!, /vocab must be 259 or more/);
    assert.ok(errorsOf(data('text("a.txt", tokenizer sentencepiece, window 8)')).length > 0);
  });

  it('the train block checks the model input against the windows before anything runs', () => {
    const file = (input: string) =>
      `${data('text("t.txt", window 64)')}model m(input ${input}) {\n  dense 10\n}\ntrain m on d {\n  loss: mse\n}\n`;
    assert.ok(!errorsOf(file('[64]')).some((e) => /token windows/.test(e)));
    assert.ok(errorsOf(file('[32]')).includes('data d gives token windows [64] per example, but model m takes [32]'));
  });

  it('completion and hover know text(...) and its options', () => {
    const text = data('text("t.txt", window 64)');
    const lines = text.split('\n');
    const col = lines[1]!.indexOf('window') + 2;
    const h = hoverAt(analyze(text), { line: 1, col });
    assert.match(h?.markdown ?? '', /Language modelling: tokens per window/);
    const hs = hoverAt(analyze(text), { line: 1, col: lines[1]!.indexOf('text') + 1 });
    assert.match(hs?.markdown ?? '', /language-model windows/);
    const typed = 'data d {\n  source: text("t.txt", \n}\n';
    const labels = completionsAt(analyze(typed), { line: 1, col: 23 }).items.map((i) => i.label);
    for (const o of ['tokenizer', 'window', 'column', 'vocab', 'min_count']) assert.ok(labels.includes(o), `${o} in ${labels.join(' ')}`);
  });
});
