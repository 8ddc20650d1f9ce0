// The IDX format of MNIST and Fashion-MNIST (optionally gzipped): a magic number 00 00 TYPE NDIM,
// NDIM big-endian u32 sizes, then the values. Only unsigned bytes (TYPE 0x08) are read; that is
// what every MNIST-family file uses.

import { DataError, type DataHost, type DataLocation, isGzip, readData } from './host';
import type { RawSet } from './source';

export interface IdxArray {
  readonly dims: readonly number[];
  /** A view into the file's bytes: no copy. */
  readonly data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new DataError(`${name}: not an IDX file (it does not start with the IDX magic number 00 00)`, name);
  const type = bytes[2]!,
    ndim = bytes[3]!;
  if (type !== 0x08)
    throw new DataError(`${name}: IDX value type 0x${type.toString(16)} is not supported (only unsigned bytes, 0x08)`, name);
  if (ndim < 1 || bytes.length < 4 + 4 * ndim) throw new DataError(`${name}: truncated IDX header`, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1),
    start = 4 + 4 * ndim;
  if (bytes.length - start < count) {
    throw new DataError(
      `${name}: truncated: the header says [${dims.join(' × ')}] (${count} bytes of values), the file holds ${bytes.length - start}`,
      name,
    );
  }
  return { dims, data: bytes.subarray(start, start + count) };
}

async function readIdx(host: DataHost, loc: DataLocation, path: string): Promise<IdxArray> {
  let bytes = await readData(host, loc, path);
  if (isGzip(bytes)) {
    try {
      bytes = await host.gunzip(bytes);
    } catch (e) {
      throw new DataError(
        `${path}: cannot decompress (${e instanceof Error ? e.message : String(e)}); the .gz file is damaged or truncated`,
        path,
      );
    }
  }
  return parseIdx(bytes, path);
}

/** Images [N, rows, cols] (or [N, C, rows, cols]) and labels [N] as a RawSet of bytes. */
export async function loadIdx(host: DataHost, loc: DataLocation, images: string, labels: string): Promise<RawSet> {
  const [im, lb] = await Promise.all([readIdx(host, loc, images), readIdx(host, loc, labels)]);
  if (im.dims.length < 2)
    throw new DataError(`${images}: expected images [count, rows, cols], the file holds [${im.dims.join(' × ')}]`, images);
  if (lb.dims.length !== 1) throw new DataError(`${labels}: expected labels [count], the file holds [${lb.dims.join(' × ')}]`, labels);
  const n = im.dims[0]!;
  if (lb.dims[0] !== n) throw new DataError(`${labels}: ${lb.dims[0]} labels for ${n} images in ${images}`, labels);
  const y = new Float32Array(n);
  let classes = 0;
  for (let i = 0; i < n; i++) {
    y[i] = lb.data[i]!;
    classes = Math.max(classes, lb.data[i]! + 1);
  }
  const shape = im.dims.length === 3 ? [1, im.dims[1]!, im.dims[2]!] : im.dims.slice(1);
  return {
    kind: 'images',
    x: im.data,
    y,
    inputShape: shape,
    targetLen: 1,
    classes: Math.max(2, classes),
    classNames: [],
    featureNames: [],
    notes: [],
  };
}

/** Writes an IDX file of unsigned bytes (tests, sample subsets). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
