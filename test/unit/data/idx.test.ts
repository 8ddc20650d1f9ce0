import * as assert from 'node:assert/strict';
import { DataError } from '../../../src/engine/data/host';
import { encodeIdx, loadIdx, parseIdx } from '../../../src/engine/data/idx';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { LOC } from './helpers';

const host = nodeDataHost;

describe('data: idx', () => {
  it('reads images and labels, plain and gzipped, as bytes [1, rows, cols]', async () => {
    for (const ext of ['', '.gz']) {
      const raw = await loadIdx(host, LOC, `tiny-images-idx3-ubyte${ext}`, `tiny-labels-idx1-ubyte${ext}`);
      assert.deepEqual(raw.inputShape, [1, 4, 4]);
      assert.ok(raw.x instanceof Uint8Array);
      assert.equal(raw.x.length, 6 * 16);
      assert.equal(raw.x[16 + 3], 13); // image 1, pixel 3
      assert.deepEqual([...raw.y], [0, 1, 2, 0, 1, 2]);
      assert.equal(raw.classes, 3);
    }
  });

  it('round-trips encodeIdx / parseIdx', () => {
    const a = parseIdx(encodeIdx([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6])), 'x');
    assert.deepEqual(a.dims, [2, 3]);
    assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
  });

  it('names a truncated file, a damaged gzip, a non-IDX file and a label count that does not match', async () => {
    await assert.rejects(
      loadIdx(host, LOC, 'truncated-images-idx3-ubyte', 'tiny-labels-idx1-ubyte'),
      (e: Error) => e instanceof DataError && /truncated-images-idx3-ubyte: truncated: the header says \[6 × 4 × 4\]/.test(e.message),
    );
    await assert.rejects(
      loadIdx(host, LOC, 'truncated-images-idx3-ubyte.gz', 'tiny-labels-idx1-ubyte'),
      /cannot decompress.*damaged or truncated/,
    );
    await assert.rejects(loadIdx(host, LOC, 'table.csv', 'tiny-labels-idx1-ubyte'), /table.csv: not an IDX file/);
    await assert.rejects(
      loadIdx(host, LOC, 'tiny-images-idx3-ubyte', 'five-labels-idx1-ubyte'),
      /five-labels-idx1-ubyte: 5 labels for 6 images/,
    );
    await assert.rejects(loadIdx(host, LOC, 'nope.idx3', 'tiny-labels-idx1-ubyte'), /cannot read 'nope.idx3': no such file/);
  });

  it('refuses an unsupported value type', () => {
    const b = encodeIdx([2], Uint8Array.from([1, 2]));
    b[2] = 0x0d; // float32
    assert.throws(() => parseIdx(b, 'f.idx'), /value type 0xd is not supported/);
  });
});
