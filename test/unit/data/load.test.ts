import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { DataError, normalizePath, resolveDataPath } from '../../../src/engine/data/host';
import { loadData, loadSplits } from '../../../src/engine/data/load';
import { nodeDataHost, findWorkspace } from '../../../src/engine/data/node-host';
import { FIXTURES, LOC, fixture, spec } from './helpers';

const o = { host: nodeDataHost, location: LOC };

describe('data: loading a data block', () => {
  it('paths: relative to the experiment, normalised, and never outside the workspace', async () => {
    assert.equal(normalizePath('/a/b/../c/./d//e'), '/a/c/d/e');
    assert.equal(normalizePath('C:\\x\\..\\y'), 'C:/y');
    assert.equal(resolveDataPath({ base: '/w/exp', workspace: '/w' }, '../data/x.csv'), '/w/data/x.csv');
    assert.throws(
      () => resolveDataPath({ base: '/w/exp', workspace: '/w' }, '../../etc/passwd'),
      /'..\/..\/etc\/passwd' is outside the workspace \(\/w\)/,
    );
    assert.throws(() => resolveDataPath({ base: '/w', workspace: '/w' }, '/wx/file'), /outside the workspace/);
    const outside = spec({ kind: 'csv', path: '../../../package.json', target: 'y', features: null });
    await assert.rejects(loadData(outside, 0, o), (e: Error) => e instanceof DataError && /outside the workspace/.test(e.message));
    assert.equal(findWorkspace(fixture('table.csv')), resolve(FIXTURES, '..', '..', '..'), 'the repository (package.json)');
  });

  it('idx: scale 1/255, split by fraction with a seed, reshaped to the model input', async () => {
    const s = spec(
      { kind: 'idx', images: 'tiny-images-idx3-ubyte.gz', labels: 'tiny-labels-idx1-ubyte.gz' },
      { scale: 1 / 255, split: { val: 0.34, test: 0 }, shuffle: { seed: 3 } },
    );
    const d = await loadData(s, 0, { ...o, inputShape: [16] });
    assert.equal(d.splits.train.size, 4);
    assert.equal(d.splits.val!.size, 2);
    assert.deepEqual(d.splits.train.inputShape, [16]);
    const all = [...d.splits.train.x, ...d.splits.val!.x].map((v) => Math.round(v * 255)).sort((a, b) => a - b);
    assert.deepEqual(all.slice(0, 3), [0, 1, 2]);
    assert.equal(Math.max(...all), 65);
    const again = await loadData(s, 0, { ...o, inputShape: [16] });
    assert.deepEqual(again.splits.val!.x, d.splits.val!.x, 'same seed, same split');
    assert.equal(d.stats.sizes.train, 4);
    assert.equal(
      d.stats.histogram.train.reduce((a, b) => a + b),
      4,
    );
    assert.match(d.stats.contentHash, /^[0-9a-f]{16}$/);
  });

  it('idx read flat by an MLP: augment says which input shape would let it augment the images', async () => {
    const s = spec({ kind: 'idx', images: 'tiny-images-idx3-ubyte.gz', labels: 'tiny-labels-idx1-ubyte.gz' }, { augment: ['flip'] });
    await assert.rejects(loadData(s, 0, { ...o, inputShape: [16] }), (e: Error) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /augment \(flip\) needs images \[channels, height, width\], the data is \[16\]/);
      assert.match(e.message, /give it input \[1, 4, 4\] and a flatten layer first/);
      return true;
    });
    const images = await loadData(s, 0, { ...o, inputShape: [1, 4, 4] });
    assert.ok(images.augment, 'in their own layout they augment');
  });

  it('shuffle off keeps file order; a test source is held out whole', async () => {
    const s = spec(
      { kind: 'idx', images: 'tiny-images-idx3-ubyte', labels: 'tiny-labels-idx1-ubyte' },
      {
        split: { val: 0.5, test: 0 },
        testSource: { kind: 'idx', images: 'tiny-images-idx3-ubyte.gz', labels: 'tiny-labels-idx1-ubyte.gz' },
      },
    );
    const d = await loadData(s, 0, o);
    assert.deepEqual([...d.splits.train.y], [0, 1, 2]);
    assert.deepEqual([...d.splits.val!.y], [0, 1, 2]);
    assert.equal(d.splits.test!.size, 6);
    assert.equal(d.splits.val!.x[0], 30); // row 3 of the file, first pixel
  });

  it('csv: missing values take the training mean; standardize fits on the training split only', async () => {
    const s = spec(
      { kind: 'csv', path: 'table.csv', target: 'label', features: ['size', 'weight'] },
      { split: { val: 0, test: 0.34 }, normalize: 'standardize' },
    );
    const d = await loadData(s, 0, { ...o, targetKind: 'class' });
    const tr = d.splits.train;
    assert.equal(tr.size, 4);
    // Training rows 0-3: size 1, 2, 3.5, 4; weight 10, NaN, 30, 40 -> filled with 80/3.
    const mean = (j: number) => [0, 1, 2, 3].reduce((a, i) => a + tr.x[i * 2 + j]!, 0) / 4;
    assert.ok(Math.abs(mean(0)) < 1e-6 && Math.abs(mean(1)) < 1e-6, 'zero mean on the training split');
    assert.ok(Math.abs(d.normalizer!.shift[0]! - 2.625) < 1e-6);
    assert.ok(Math.abs(d.normalizer!.shift[1]! - (10 + 80 / 3 + 30 + 40) / 4) < 1e-4);
    // Test row 4 (size missing) is filled with the training mean 2.625, so it standardises to 0.
    assert.ok(Math.abs(d.splits.test!.x[0]!) < 1e-6);
    assert.equal(d.stats.features[0]!.name, 'size');
  });

  it('minmax maps the training range to [0, 1]; a test csv reuses the training encoding', async () => {
    const s = spec(
      { kind: 'csv', path: 'table.csv', target: 'label', features: null },
      { normalize: 'minmax', testSource: { kind: 'csv', path: 'table-test.csv', target: 'label', features: null } },
    );
    const d = await loadData(s, 0, o);
    const x = d.splits.train.x,
      w = 5;
    assert.equal(Math.min(...Array.from({ length: 6 }, (_, i) => x[i * w]!)), 0);
    assert.equal(Math.max(...Array.from({ length: 6 }, (_, i) => x[i * w]!)), 1);
    assert.equal(d.splits.test!.size, 2);
    assert.deepEqual([...d.splits.test!.y], [0, 1]);
    assert.deepEqual(d.stats.classNames, ['big', 'small']);
  });

  it('images: augment needs image data; a synthetic source still loads synchronously', async () => {
    const s = spec({ kind: 'csv', path: 'table.csv', target: 'label', features: null }, { augment: ['flip'] });
    await assert.rejects(loadData(s, 0, o), /augment \(flip\) needs images/);
    const img = await loadData(spec({ kind: 'images', folder: 'images' }, { augment: ['flip', 'shift'], scale: 1 / 255 }), 0, o);
    assert.ok(img.augment);
    assert.equal(img.stats.kind, 'images');
    assert.deepEqual(
      img.stats.features.map((f) => f.name),
      ['red', 'green', 'blue'],
    );
    const syn = loadSplits(
      spec(
        { kind: 'synthetic', generator: 'moons', size: 50, noise: 0.1, classes: 2, features: 2, seed: 1 },
        { split: { val: 0.2, test: 0 }, shuffle: { seed: 1 } },
      ),
      0,
    );
    assert.equal(syn.train.size, 40);
    await assert.rejects(
      Promise.resolve().then(() => loadSplits(spec({ kind: 'images', folder: 'images' }), 0)),
      /needs loadData/,
    );
  });
});
