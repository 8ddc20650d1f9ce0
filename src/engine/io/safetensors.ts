// The safetensors format, written by hand (it is small): an 8-byte little-endian header length,
// a JSON header { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__: {...} }
// padded with spaces to a multiple of 8, then the raw little-endian F32 data. Files load in
// PyTorch with safetensors.torch.load_file.

import type { NamedTensors } from '../train/types';

export class SafetensorsError extends Error {}

export function encodeSafetensors(tensors: NamedTensors, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let off = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [off, off + t.data.length * 4] };
    off += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + off);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const name of names) {
    const d = tensors.get(name)!.data;
    for (let i = 0; i < d.length; i++, p += 4) view.setFloat32(p, d[i]!, true);
  }
  return out;
}

type Decoded = { tensors: Map<string, { shape: number[]; data: Float32Array }>; metadata: Record<string, string> };

/** Bytes per element of every dtype the format defines; only F32 is loaded, the others are named in the error. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};
/** The reference implementation's limit: a larger header is a damaged file, not a model. */
const MAX_HEADER = 100_000_000;

interface Entry {
  readonly name: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Reads a safetensors file, trusting nothing in it: every way a damaged or hostile file can be
 * wrong is a SafetensorsError naming the tensor (callers add the file), never a TypeError or a read
 * of the header as weights.
 */
export function decodeSafetensors(bytes: Uint8Array): Decoded {
  if (bytes.length < 8) throw new SafetensorsError(`the file is too short to be safetensors (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8))
    throw new SafetensorsError(`the header length (${n64} bytes) runs past the end of the file (${bytes.length} bytes)`);
  const n = Number(n64);
  if (n < 2 || n > MAX_HEADER) throw new SafetensorsError(`the header length (${n} bytes) is not that of a safetensors header`);
  const base = 8 + n;
  const { entries, metadata } = readHeader(bytes.subarray(8, base), bytes.length - base);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of entries) {
    const data = new Float32Array((e.end - e.begin) / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(base + e.begin + 4 * i, true);
    tensors.set(e.name, { shape: e.shape, data });
  }
  return { tensors, metadata };
}

function readHeader(head: Uint8Array, dataLength: number): { entries: Entry[]; metadata: Record<string, string> } {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head));
  } catch {
    throw new SafetensorsError('the header is not valid JSON');
  }
  if (!isObject(header)) throw new SafetensorsError('the header is not a JSON object of tensors');
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') metadata = readMetadata(e);
    else entries.push(readEntry(name, e, dataLength));
  }
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byOffset.length; i++) {
    const a = byOffset[i - 1]!,
      b = byOffset[i]!;
    if (b.begin < a.end)
      throw new SafetensorsError(`tensors '${a.name}' and '${b.name}' overlap (bytes ${a.begin}-${a.end} and ${b.begin}-${b.end})`);
  }
  return { entries, metadata };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function readMetadata(e: unknown): Record<string, string> {
  if (!isObject(e)) throw new SafetensorsError('__metadata__ is not an object of strings');
  for (const [k, v] of Object.entries(e)) if (typeof v !== 'string') throw new SafetensorsError(`__metadata__ '${k}' is not a string`);
  return e as Record<string, string>;
}

function readEntry(name: string, e: unknown, dataLength: number): Entry {
  const bad = (why: string) => new SafetensorsError(`tensor '${name}': ${why}`);
  if (!isObject(e)) throw bad('its entry is not an object with dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: off } = e;
  if (typeof dtype !== 'string' || !Object.prototype.hasOwnProperty.call(DTYPE_BYTES, dtype))
    throw bad(`unknown dtype ${JSON.stringify(dtype)}`);
  if (dtype !== 'F32') throw bad(`is ${dtype}; only F32 is supported (convert it with tensor.float())`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`shape ${JSON.stringify(shape)} is not a list of whole numbers ≥ 0`);
  if (!Array.isArray(off) || off.length !== 2 || !off.every(isCount))
    throw bad(`data_offsets ${JSON.stringify(off)} is not [begin, end] in whole bytes ≥ 0`);
  const [begin, end] = off as [number, number];
  if (begin > end) throw bad(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) throw bad(`data_offsets [${begin}, ${end}] run past the data section (${dataLength} bytes)`);
  const count = (shape as number[]).reduce((a, c) => a * c, 1);
  if (end - begin !== count * DTYPE_BYTES[dtype]!)
    throw bad(`shape [${shape.join(', ')}] needs ${count * 4} bytes of ${dtype}, data_offsets give ${end - begin}`);
  return { name, shape: shape as number[], begin, end };
}
