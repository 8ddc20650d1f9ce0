import * as assert from 'node:assert/strict';
import { makeAugmenter } from '../../../src/engine/data/augment';
import { Dataset } from '../../../src/engine/data/dataset';
import { packSplits, unpackSplits } from '../../../src/engine/data/pack';

describe('data: augmentation', () => {
  const shape = [1, 4, 4];
  const sample = () => Float32Array.from({ length: 16 }, (_, i) => i + 1);

  it('is seeded: the same (seed, step) gives the same batch, another step another one', () => {
    const aug = makeAugmenter(['flip', 'crop', 'shift'], shape, 42)!;
    const run = (step: number) => {
      const x = new Float32Array(16 * 8);
      for (let i = 0; i < 8; i++) x.set(sample(), i * 16);
      aug(x, 8, step);
      return x;
    };
    assert.deepEqual(run(5), run(5));
    assert.notDeepEqual(run(5), run(6));
  });

  it('flip mirrors rows; shifts move pixels and fill with 0; values are kept, never invented', () => {
    const aug = makeAugmenter(['flip'], shape, 1)!;
    let flipped = 0;
    for (let step = 0; step < 20; step++) {
      const x = sample();
      aug(x, 1, step);
      if (x[0] === 4) {
        flipped++;
        assert.deepEqual([...x.subarray(0, 4)], [4, 3, 2, 1]);
      } else assert.deepEqual(x, sample());
    }
    assert.ok(flipped > 3 && flipped < 17, `flipped ${flipped} of 20`);
    const shift = makeAugmenter(['crop'], shape, 7)!;
    for (let step = 0; step < 10; step++) {
      const x = sample();
      shift(x, 1, step);
      for (const v of x) assert.ok(v === 0 || sample().includes(v));
    }
  });

  it('refuses data that is not images', () => {
    assert.throws(() => makeAugmenter(['flip'], [4], 0), /needs images/);
    assert.equal(makeAugmenter([], [4], 0), null);
  });
});

describe('data: packed splits', () => {
  it('packs to a header and whole buffers, and unpacks to the same data', () => {
    const train = new Dataset(Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([0, 1, 2]), [2], 1, 3);
    const test = new Dataset(Float32Array.from([7, 8]), Float32Array.from([1]), [2], 1, 3);
    const p = packSplits({ train, val: null, test });
    assert.deepEqual(p.header.parts, [
      { name: 'train', rows: 3 },
      { name: 'test', rows: 1 },
    ]);
    assert.equal(p.buffers.length, 4);
    assert.equal(p.buffers[0], train.x.buffer, 'a whole buffer is passed as is (transferable, no copy)');
    const clone = structuredClone(p); // as postMessage would
    const s = unpackSplits(clone);
    assert.deepEqual(s.train.x, train.x);
    assert.deepEqual(s.test!.y, test.y);
    assert.equal(s.val, null);
    assert.equal(s.train.classes, 3);
    assert.throws(() => unpackSplits({ header: p.header, buffers: p.buffers.slice(1) }), /3 buffers for 2 splits/);
  });

  it('a view into a larger buffer is copied to a buffer of its own', () => {
    const big = new Float32Array(10);
    const ds = new Dataset(big.subarray(2, 6), Float32Array.from([0, 1]), [2], 1, 2);
    const p = packSplits({ train: ds, val: null, test: null });
    assert.equal(p.buffers[0]!.byteLength, 16);
  });
});

describe('data: content hash', () => {
  it('depends on the bytes only, not on where they sit in memory', async () => {
    const { hashBytes } = await import('../../../src/engine/hash');
    const a = Uint8Array.from({ length: 37 }, (_, i) => i * 7);
    const shifted = new Uint8Array(40);
    shifted.set(a, 1);
    assert.equal(hashBytes(a), hashBytes(shifted.subarray(1, 38)));
    assert.notEqual(hashBytes(a), hashBytes(a.subarray(1)));
  });
});
