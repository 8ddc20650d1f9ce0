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

export function decodeSafetensors(bytes: Uint8Array): { tensors: Map<string, { shape: number[]; data: Float32Array }>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new SafetensorsError('file is too short to be safetensors');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) throw new SafetensorsError('header length runs past the end of the file');
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw new SafetensorsError('header is not valid JSON');
  }
  const base = 8 + n;
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  let metadata: Record<string, string> = {};
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') { metadata = e as Record<string, string>; continue; }
    const t = e as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (t.dtype !== 'F32') throw new SafetensorsError(`tensor '${name}' is ${t.dtype}; only F32 is supported`);
    const [b, end] = t.data_offsets;
    const count = t.shape.reduce((a, c) => a * c, 1);
    if (end - b !== count * 4 || base + end > bytes.length) throw new SafetensorsError(`tensor '${name}' has inconsistent offsets`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + b + 4 * i, true);
    tensors.set(name, { shape: t.shape, data });
  }
  return { tensors, metadata };
}
