// The trainer panel's data bar: the host's progress messages while it reads a data set's files,
// and the words and fraction the page shows for them and for the examples that have arrived.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSpec } from '../../../src/graph/data-spec';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { dataLabel, progressHost, sourceFiles, totalBytes } from '../../../src/extension/runs/load-progress';
import { loadLine } from '../../../webview/trainer/load-view';

const spec = (source: DataSpec['source']): DataSpec => ({
  name: 'fashion',
  range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 },
  source,
  testSource: null,
  scale: null,
  normalize: null,
  split: { val: 0, test: 0 },
  shuffle: 'off',
  augment: [],
});

describe('trainer panel: load progress', () => {
  it('names a data set by its main file, without extensions, else by its block', () => {
    const idx = spec({ kind: 'idx', images: 'data/fashion-train-images.idx3.gz', labels: 'data/fashion-train-labels.idx1.gz' });
    assert.equal(dataLabel(idx), 'fashion-train-images');
    assert.equal(dataLabel(spec({ kind: 'csv', path: 'iris.csv', target: 'species', features: null })), 'iris');
    assert.equal(dataLabel(spec({ kind: 'images', folder: 'pets' })), 'fashion');
    assert.deepEqual(sourceFiles(idx.source, '/w'), ['/w/data/fashion-train-images.idx3.gz', '/w/data/fashion-train-labels.idx1.gz']);
  });

  it("reports the bytes of the source's files as they are read, up to their total", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlab-progress-'));
    const a = join(dir, 'a.bin'),
      b = join(dir, 'b.bin'),
      other = join(dir, 'other.bin');
    writeFileSync(a, new Uint8Array(3000));
    writeFileSync(b, new Uint8Array(1000));
    writeFileSync(other, new Uint8Array(50));
    const total = totalBytes([a, b]);
    assert.equal(total, 4000);
    assert.equal(totalBytes([a, join(dir, 'missing')]), 0);
    const seen: [number, number][] = [];
    const host = progressHost(nodeDataHost, [a, b], total, (done, t) => void seen.push([done, t]));
    assert.equal((await host.readFile(a)).length, 3000);
    await host.readFile(other); // not one of the source's files: no message
    await host.readFile(a); // read again: counted once
    await host.readFile(b);
    assert.deepEqual(seen, [
      [3000, 4000],
      [4000, 4000],
    ]);
  });

  it('says what loads and how far, with a determinate fraction', () => {
    assert.deepEqual(loadLine('send', 'fashion-train-images', 18_360, 54_000), {
      text: 'Loading fashion-train-images… 34 %',
      fraction: 0.34,
    });
    assert.deepEqual(loadLine('read', 'fashion-train-images', 3, 4), { text: 'Reading fashion-train-images… 75 %', fraction: 0.75 });
    assert.deepEqual(loadLine('send', 'x', 54_000, 54_000), { text: 'Loading x… 100 %', fraction: 1 });
    assert.deepEqual(loadLine('read', 'pets', 10, 0), { text: 'Loading pets…', fraction: null });
  });
});
