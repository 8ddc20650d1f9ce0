import * as assert from 'node:assert/strict';
import { DataError } from '../../../src/engine/data/host';
import { loadImageFolder, toChw } from '../../../src/engine/data/images';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { LOC } from './helpers';

describe('data: image folders', () => {
  it('one class per subfolder, PNG and JPEG, other files ignored, at the first image size', async () => {
    const raw = await loadImageFolder(nodeDataHost, LOC, 'images', { shape: null });
    assert.deepEqual(raw.classNames, ['blue', 'red']);
    assert.deepEqual([...raw.y], [0, 0, 1, 1, 1]);
    assert.deepEqual(raw.inputShape, [3, 6, 8]);
    const len = 3 * 6 * 8;
    assert.equal(raw.x[0], 0); // blue image: red channel 0
    assert.equal(raw.x[2 * 48], 255); // blue channel
    const jpg = raw.x.subarray(4 * len, 5 * len); // red/c.jpg, lossy
    assert.ok(jpg[0]! > 230 && jpg[48]! < 30, `jpeg pixel ${jpg[0]}, ${jpg[48]}`);
  });

  it('resizes to the model input, gray when it has one channel', async () => {
    const raw = await loadImageFolder(nodeDataHost, LOC, 'images', { shape: [1, 3, 4] });
    assert.deepEqual(raw.inputShape, [1, 3, 4]);
    assert.equal(raw.x.length, 5 * 12);
    assert.equal(raw.x[0], Math.round(0.114 * 255)); // blue's luminance
  });

  it('bilinear resize keeps a constant image constant and halves a 2x2 checker to its mean', () => {
    const rgba = Uint8Array.from([0, 0, 0, 255, 200, 200, 200, 255, 200, 200, 200, 255, 0, 0, 0, 255]);
    const out = new Uint8Array(1);
    toChw({ width: 2, height: 2, rgba }, [1, 1, 1], out);
    assert.equal(out[0], 100);
  });

  it('errors: a missing folder, a folder without classes, an image that does not decode', async () => {
    await assert.rejects(loadImageFolder(nodeDataHost, LOC, 'nope', { shape: null }), /cannot read 'nope': no such folder/);
    await assert.rejects(loadImageFolder(nodeDataHost, LOC, 'images/red', { shape: null }), /has no subfolders/);
    await assert.rejects(
      loadImageFolder(nodeDataHost, LOC, 'broken-images', { shape: null }),
      (e: Error) => e instanceof DataError && /broken-images\/cls\/bad.png: cannot decode/.test(e.message),
    );
    await assert.rejects(
      loadImageFolder(nodeDataHost, LOC, 'images', { shape: [784] }),
      /needs? a model input \[channels, height, width\]|images need a model input/,
    );
  });
});
