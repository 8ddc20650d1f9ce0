// Predict's pre-processing against the engine's own data pipeline (loadData, the reference): an
// example given in the data's units and pre-processed with the spec built from the run record's
// data block and statistics is bit for bit a row training fed the model; the table fields' ranges
// are the raw training split's; pictures are box-averaged to the model's size.
import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { loadData } from '../../../src/engine/data/load';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { predictSpec, preprocess } from '../../../src/export/predict/input';
import { pixelsFromRgba, ranked, softmax } from '../../../src/export/predict/pixels';
import { LOC, spec } from '../data/helpers';

const ROOT = resolve(__dirname, '..', '..', '..');
const SAMPLES = { base: join(ROOT, 'samples'), workspace: ROOT };

/** Each row of `rows` (d values each) as a string of its float32 bits, for exact matching. */
const keys = (x: Float32Array, d: number): string[] =>
  Array.from({ length: x.length / d }, (_, i) => Array.from(new Uint32Array(x.slice(i * d, (i + 1) * d).buffer)).join(','));

describe('Predict: input spec and pre-processing', () => {
  it('a table (iris, scale 1/2 and standardize): pre-processed raw rows are the rows training fed, fields in raw units', async () => {
    const s = spec(
      { kind: 'csv', path: 'data/iris.csv', target: 'species', features: null },
      { scale: 0.5, normalize: 'standardize', split: { val: 0.2, test: 0 }, shuffle: { seed: 3 } },
    );
    const loaded = await loadData(s, 0, { host: nodeDataHost, location: SAMPLES, targetKind: 'class' });
    const p = predictSpec(s, loaded.stats);
    assert.equal(p.input.kind, 'table');
    assert.deepEqual(p.classes, ['setosa', 'versicolor', 'virginica']);
    const raw = loaded.source!.x as Float32Array;
    const mine = new Set(keys(concat(raw, 4, p), 4));
    const trained = keys(loaded.splits.train.x, 4);
    for (const k of [...trained, ...keys(loaded.splits.val!.x, 4)]) assert.ok(mine.has(k), 'every row training fed, from a raw row');
    if (p.input.kind !== 'table') return;
    // The fields' ranges: the raw training rows' own (those whose pre-processing is a training row).
    const trainSet = new Set(trained);
    const rawTrain = Array.from({ length: raw.length / 4 }, (_, i) => Array.from(raw.slice(i * 4, i * 4 + 4))).filter((r) =>
      trainSet.has(keys(preprocess(r, p.input), 4)[0]!),
    );
    p.input.features.forEach((f, j) => {
      const col = rawTrain.map((r) => r[j]!);
      assert.ok(Math.abs(f.min - Math.min(...col)) < 1e-5 && Math.abs(f.max - Math.max(...col)) < 1e-5, `${f.name} range`);
    });
    assert.deepEqual(
      p.input.features.map((f) => f.name),
      ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    );
  });

  it('pictures (idx, scale 1/255): the square [16] input is a 4×4 image, pre-processed exactly as trained', async () => {
    const s = spec(
      { kind: 'idx', images: 'tiny-images-idx3-ubyte.gz', labels: 'tiny-labels-idx1-ubyte.gz' },
      { scale: 1 / 255, split: { val: 0.34, test: 0 }, shuffle: { seed: 3 } },
    );
    const loaded = await loadData(s, 0, { host: nodeDataHost, location: LOC, inputShape: [16] });
    const p = predictSpec(s, loaded.stats);
    assert.equal(p.input.kind, 'image');
    assert.deepEqual(p.input.shape, [1, 4, 4]);
    const mine = new Set(keys(concat(loaded.source!.x, 16, p), 16));
    for (const k of keys(loaded.splits.train.x, 16)) assert.ok(mine.has(k));
  });

  it('a 28×28 one-channel picture is drawn on; a [784] MLP input too', () => {
    const stats = { kind: 'images', inputShape: [784], classes: 2, classNames: [], features: [], normalizer: null } as never;
    const p = predictSpec(spec({ kind: 'idx', images: 'a', labels: 'b' }, { scale: 1 / 255 }), stats);
    assert.equal(p.input.kind, 'draw');
    assert.deepEqual(p.input.shape, [1, 28, 28]);
    assert.deepEqual(p.classes, ['0', '1'], 'numbered when the data names none');
  });

  it('box-averages a canvas to the model size (white strokes on black as 255 on 0)', () => {
    const w = 8,
      h = 8;
    const rgba = new Uint8ClampedArray(w * h * 4);
    // The top-left 4×4 white, and one more white pixel in the box right of it.
    const white = (x: number, y: number) => rgba.set([255, 255, 255, 255], (y * w + x) * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) white(x, y);
    white(4, 0);
    const px = pixelsFromRgba(rgba, w, h, [1, 2, 2]);
    assert.deepEqual(
      Array.from(px, (v) => Math.round(v * 1000) / 1000),
      [255, 255 / 16, 0, 0].map((v) => Math.round(v * 1000) / 1000),
    );
    const rgb = pixelsFromRgba(new Uint8ClampedArray([10, 20, 30, 255]), 1, 1, [3, 1, 1]);
    assert.deepEqual([...rgb], [10, 20, 30]);
  });

  it('class probabilities: softmax and ranking', () => {
    const p = softmax([0, Math.log(3)]);
    assert.ok(Math.abs(p[0]! - 0.25) < 1e-12 && Math.abs(p[1]! - 0.75) < 1e-12);
    assert.deepEqual(
      ranked(p, ['a', 'b']).map((r) => r.name),
      ['b', 'a'],
    );
  });
});

/** Every raw row of `x` (d values each) pre-processed with the spec, one after the other. */
function concat(x: ArrayLike<number>, d: number, p: ReturnType<typeof predictSpec>): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += d)
    out.set(
      preprocess(
        Array.from({ length: d }, (_, j) => x[i + j]!),
        p.input,
      ),
      i,
    );
  return out;
}
