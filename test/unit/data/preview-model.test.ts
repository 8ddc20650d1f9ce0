import * as assert from 'node:assert/strict';
import { loadData } from '../../../src/engine/data/load';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { dataFacts, factsMarkdown, rememberData } from '../../../src/extension/data-preview/data-facts';
import { buildPreview } from '../../../src/extension/data-preview/preview-model';
import { DataPreview } from '../../../src/protocol/preview';
import { at, LOC, spec } from './helpers';

describe('data: preview payload', () => {
  it('a table: first rows as written (missing cells empty), class names, statistics, split sizes', async () => {
    const d = await loadData(
      spec({ kind: 'csv', path: 'table.csv', target: 'label', features: null }, { split: { val: 0.34, test: 0 } }),
      0,
      { host: nodeDataHost, location: LOC },
    );
    const p = DataPreview.parse(buildPreview('t', d)); // what the page receives passes the protocol schema
    assert.deepEqual(p.table!.columns, ['size', 'color=blue', 'color=green', 'color=red', 'weight', 'target']);
    assert.deepEqual(p.table!.rows[0], ['1', '0', '0', '1', '10', 'small']);
    assert.equal(p.table!.rows[4]![0], '');
    assert.deepEqual(p.classes, ['big', 'small']);
    assert.deepEqual(p.sizes, { train: 4, val: 2, test: 0 });
    assert.equal(
      p.histogram.reduce((a, b) => a + b),
      4,
    );
    assert.equal(p.features.length, 5);
    assert.equal(p.images, null);
  });

  it('images: the first images as base64 bytes with their labels', async () => {
    const d = await loadData(spec({ kind: 'images', folder: 'images' }), 0, { host: nodeDataHost, location: LOC });
    const p = DataPreview.parse(buildPreview('i', d));
    assert.deepEqual([p.images!.channels, p.images!.height, p.images!.width], [3, 6, 8]);
    assert.equal(Buffer.from(p.images!.pixels, 'base64').length, 5 * 3 * 6 * 8);
    assert.deepEqual(p.images!.labels, ['blue', 'blue', 'red', 'red', 'red']);
    assert.deepEqual(
      p.features.map((f) => f.name),
      ['red', 'green', 'blue'],
    );
  });
});

describe('data: preview and hover of text data', () => {
  const source = {
    kind: 'text' as const,
    path: 't.txt',
    tokenizer: { kind: 'char' as const, vocab: null, minCount: 1, bos: false, eos: false, lower: true, punct: true },
    window: 8,
    stride: null,
    column: null,
    label: null,
    length: null,
  };
  const TEXT = 'In the beginning God created the heaven and the earth.\n'.repeat(4);

  it('a text source: a few windows decoded back to text, the vocabulary size and the most frequent tokens', async () => {
    const d = await loadData(spec(source), 0, at({ 't.txt': TEXT }));
    const p = DataPreview.parse(buildPreview('t', d));
    assert.equal(p.kind, 'text');
    assert.equal(p.text!.vocabSize, 2 + new Set(TEXT).size);
    assert.deepEqual(p.text!.top[0], { token: ' ', count: 36 }, 'nine spaces a line in the training windows');
    assert.equal(p.text!.examples.length, 5);
    assert.deepEqual(p.text!.examples[0], { text: 'In the b', target: 'next: e' });
    assert.equal(p.text!.examples[1]!.text, 'eginning');
    assert.equal(p.table, null);
  });

  it('hover on the source, once the data was read, says the vocabulary size', async () => {
    const d = await loadData(spec(source), 0, at({ 't.txt': TEXT }));
    rememberData('file:///x.mlab', 'g', d);
    assert.match(
      factsMarkdown(dataFacts('file:///x.mlab', 'g')),
      new RegExp(`\\*\\*${d.tokenizer!.size} token ids\\*\\* \\(char tokenizer\\)`),
    );
    assert.equal(factsMarkdown(dataFacts('file:///x.mlab', 'other')), '');
  });
});
