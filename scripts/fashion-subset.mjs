// Writes the Fashion-MNIST subset that samples/fashion-mlp.mlab trains on: the first 10,000
// training and the first 2,000 test images (with labels) of Debian's dataset-fashion-mnist, as
// gzipped IDX files under samples/data/fashion-mnist/. Deterministic: same input, same bytes.
//   apt-get install dataset-fashion-mnist && node scripts/fashion-subset.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const SRC = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
const OUT = new URL('../samples/data/fashion-mnist/', import.meta.url).pathname;
const SETS = [
  ['train', 10_000],
  ['t10k', 2_000],
];

for (const [set, n] of SETS) {
  for (const kind of ['images-idx3', 'labels-idx1']) {
    const name = `${set}-${kind}-ubyte.gz`;
    const bytes = gunzipSync(readFileSync(join(SRC, name)));
    const ndim = bytes[3];
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
    const per = dims.slice(1).reduce((a, b) => a * b, 1);
    const head = Buffer.from(bytes.subarray(0, 4 + 4 * ndim));
    head.writeUInt32BE(n, 4);
    const body = bytes.subarray(4 + 4 * ndim, 4 + 4 * ndim + n * per);
    const gz = gzipSync(Buffer.concat([head, body]), { level: 9 });
    gz[4] = gz[5] = gz[6] = gz[7] = 0; // no time stamp in the gzip header: reproducible bytes
    writeFileSync(join(OUT, name), gz);
    console.log(`${name}: ${n} of ${dims[0]}, ${gz.length} bytes`);
  }
}
