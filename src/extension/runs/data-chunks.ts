// A large training set goes to the trainer page in chunks, in the order its first epoch visits
// the examples, so the first steps start on the first chunk while the rest is still on its way
// (the page's worker waits before a batch whose examples have not arrived: webview/trainer/
// incoming-data.ts). Small sets go whole: one message is quicker than several. Pure: no vscode.
import type { Dataset } from '../../engine/data/dataset';
import { firstEpochOrder } from '../../engine/train/trainer';

/** Sets larger than this (features and targets, bytes) are sent in chunks. */
export const CHUNKED_ABOVE_BYTES = 8 << 20;
/** About this many bytes per chunk: the first arrives in tens of ms, the rest keep the line busy. */
export const CHUNK_BYTES = 4 << 20;

/** Features with at most 256 distinct values (pixels scaled from bytes): each value's index in
 *  `palette`, a quarter of the bytes, decoded bit for bit. */
export interface PaletteFeatures {
  readonly palette: Float32Array;
  readonly codes: Uint8Array;
}

export interface DataChunk {
  /** The examples' rows in the training set, one per example. */
  readonly indices: Uint32Array;
  readonly x: Float32Array | PaletteFeatures;
  readonly y: Float32Array;
  /** How many positions of the first epoch's order have arrived once this chunk has. */
  readonly positions: number;
  /** The training set's size. */
  readonly total: number;
}

export const setBytes = (ds: Dataset): number => (ds.x.length + ds.y.length) * 4;

export function shouldChunk(ds: Dataset, chunkedAbove = CHUNKED_ABOVE_BYTES): boolean {
  return setBytes(ds) > chunkedAbove;
}

/**
 * The chunks of `train` in its first epoch's order (seed and shuffle as the run's). The first
 * chunk also carries rows 0..probeRows-1 (the layer statistics' fixed batch when there is no
 * validation set, read before the first step), whatever their place in the order.
 */
export function* dataChunks(
  train: Dataset,
  run: { seed: number; shuffle: boolean; probeRows: number },
  chunkBytes = CHUNK_BYTES,
): Generator<DataChunk> {
  const n = train.size,
    d = train.inputLen,
    k = train.targetLen;
  const order = firstEpochOrder(n, run.seed, run.shuffle);
  const per = Math.max(1, Math.floor(chunkBytes / ((d + k) * 4)));
  for (let p0 = 0; p0 < n; p0 += per) {
    const p1 = Math.min(n, p0 + per);
    let rows = order.subarray(p0, p1);
    if (p0 === 0) rows = withProbeRows(rows, Math.min(run.probeRows, n));
    const x = new Float32Array(rows.length * d),
      y = new Float32Array(rows.length * k);
    rows.forEach((r, i) => {
      x.set(train.x.subarray(r * d, (r + 1) * d), i * d);
      y.set(train.y.subarray(r * k, (r + 1) * k), i * k);
    });
    yield { indices: Uint32Array.from(rows), x: toPalette(x) ?? x, y, positions: p1, total: n };
  }
}

function withProbeRows(rows: Uint32Array, probeRows: number): Uint32Array {
  const have = new Set(rows);
  const extra: number[] = [];
  for (let r = 0; r < probeRows; r++) if (!have.has(r)) extra.push(r);
  return extra.length ? Uint32Array.from([...rows, ...extra]) : rows;
}

/** `x` as palette and codes when it has at most 256 distinct values (by their bits: -0, NaN kept), else null. */
export function toPalette(x: Float32Array): PaletteFeatures | null {
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const SLOTS = 1024; // open addressing, at most a quarter full
  const keys = new Uint32Array(SLOTS),
    slotCode = new Int16Array(SLOTS).fill(-1);
  const palette = new Uint32Array(256),
    codes = new Uint8Array(x.length);
  let distinct = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    let h = Math.imul(b, 0x9e3779b1) >>> 22;
    while (slotCode[h]! >= 0 && keys[h] !== b) h = (h + 1) & (SLOTS - 1);
    let code = slotCode[h]!;
    if (code < 0) {
      if (distinct === 256) return null;
      code = distinct++;
      keys[h] = b;
      slotCode[h] = code;
      palette[code] = b;
    }
    codes[i] = code;
  }
  return { palette: new Float32Array(palette.buffer.slice(0, distinct * 4)), codes };
}
