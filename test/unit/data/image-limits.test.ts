// Images too large to decode safely are refused from their header, before any pixel is decoded.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DataError, type DataHost } from '../../../src/engine/data/host';
import { imageSize, MAX_IMAGE_PIXELS } from '../../../src/engine/data/image-header';
import { loadImageFolder } from '../../../src/engine/data/images';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { fixture } from './helpers';

function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A PNG signature and a valid IHDR chunk (8-bit RGBA) of the given size; no pixel data. */
function pngHeader(width: number, height: number): Uint8Array {
  const chunk = new Uint8Array(4 + 4 + 13 + 4);
  const v = new DataView(chunk.buffer);
  v.setUint32(0, 13);
  chunk.set([0x49, 0x48, 0x44, 0x52], 4); // IHDR
  v.setUint32(8, width);
  v.setUint32(12, height);
  chunk.set([8, 6, 0, 0, 0], 16);
  v.setUint32(21, crc32(chunk.subarray(4, 21)));
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk]);
}

/** A JPEG's start, an APP0 segment, then a baseline frame header of the given size. */
function jpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof]);
}

describe('data: image size limit', () => {
  it('reads width and height from PNG and JPEG headers as the decoders see them', () => {
    const png = readFileSync(fixture('images/red/a.png')),
      jpg = readFileSync(fixture('images/red/c.jpg'));
    const p = PNG.sync.read(png),
      j = jpeg.decode(jpg);
    assert.deepEqual(imageSize(png), { width: p.width, height: p.height });
    assert.deepEqual(imageSize(jpg), { width: j.width, height: j.height });
    assert.deepEqual(imageSize(pngHeader(16384, 16384)), { width: 16384, height: 16384 });
    assert.deepEqual(imageSize(jpegHeader(300, 200)), { width: 300, height: 200 });
    assert.equal(imageSize(new Uint8Array([1, 2, 3])), null);
  });

  it('a 16384×16384 PNG (header only) and a 20000×20000 JPEG are refused before decoding, naming file and size', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlab-big-'));
    mkdirSync(join(ws, 'pics', 'big'), { recursive: true });
    copyFileSync(fixture('images/red/a.png'), join(ws, 'pics', 'big', 'a.png'));
    writeFileSync(join(ws, 'pics', 'big', 'huge.png'), pngHeader(16384, 16384));
    let decoded: string[] = [];
    const host: DataHost = { ...nodeDataHost, decodeImage: (b, name) => (decoded.push(name), nodeDataHost.decodeImage(b, name)) };
    const loc = { base: ws, workspace: ws };
    await assert.rejects(
      loadImageFolder(host, loc, 'pics', { shape: null }),
      (e: Error) =>
        e instanceof DataError &&
        e.message ===
          `pics/big/huge.png: 16384×16384 pixels is more than the ${MAX_IMAGE_PIXELS.toLocaleString('en')} (4096×4096) ` +
            `an image may have; scale it down first`,
    );
    assert.ok(!decoded.some((n) => n.endsWith('huge.png')), 'the large image never reached the decoder');
    writeFileSync(join(ws, 'pics', 'big', 'huge.png'), jpegHeader(20000, 20000));
    decoded = [];
    await assert.rejects(loadImageFolder(host, loc, 'pics', { shape: null }), /pics\/big\/huge.png: 20000×20000 pixels is more than/);
  });

  it('an image at the limit is not refused by its size', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlab-edge-'));
    mkdirSync(join(ws, 'pics', 'c'), { recursive: true });
    writeFileSync(join(ws, 'pics', 'c', 'edge.png'), pngHeader(4096, 4096)); // no pixels: the decoder refuses it instead
    await assert.rejects(
      loadImageFolder(nodeDataHost, { base: ws, workspace: ws }, 'pics', { shape: null }),
      /pics\/c\/edge.png: cannot decode the image/,
    );
  });
});
