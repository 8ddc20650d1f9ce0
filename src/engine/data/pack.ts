// Loaded splits as a few transferable buffers plus a small JSON header, so the host can hand a
// data set to the trainer webview with postMessage (structured clone / transfer) instead of JSON.

import type { Shape } from '../../graph/ir';
import { Dataset, type Splits } from './dataset';

export interface PackedHeader {
  readonly version: 1;
  readonly inputShape: Shape;
  readonly targetLen: number;
  readonly classes: number;
  /** For each split present: its name and row count; buffers are x then y per split, in this order. */
  readonly parts: readonly { readonly name: 'train' | 'val' | 'test'; readonly rows: number }[];
}

export interface PackedSplits {
  readonly header: PackedHeader;
  /** Float32 data: x, y, x, y, ... Whole buffers, so they can be transferred without a copy. */
  readonly buffers: ArrayBuffer[];
}

const own = (a: Float32Array): ArrayBuffer =>
  a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer
    ? a.buffer
    : (a.slice().buffer as ArrayBuffer);

export function packSplits(s: Splits): PackedSplits {
  const parts: PackedHeader['parts'][number][] = [],
    buffers: ArrayBuffer[] = [];
  for (const name of ['train', 'val', 'test'] as const) {
    const ds = s[name];
    if (!ds) continue;
    parts.push({ name, rows: ds.size });
    buffers.push(own(ds.x), own(ds.y));
  }
  const t = s.train;
  return { header: { version: 1, inputShape: [...t.inputShape], targetLen: t.targetLen, classes: t.classes, parts }, buffers };
}

export function unpackSplits(p: PackedSplits): Splits {
  const h = p.header;
  if (h.version !== 1) throw new Error(`packed data version ${String(h.version)} is not supported`);
  if (p.buffers.length !== 2 * h.parts.length) throw new Error(`packed data: ${p.buffers.length} buffers for ${h.parts.length} splits`);
  const out: { train: Dataset | null; val: Dataset | null; test: Dataset | null } = { train: null, val: null, test: null };
  h.parts.forEach((part, i) => {
    const ds = new Dataset(
      new Float32Array(p.buffers[2 * i]!),
      new Float32Array(p.buffers[2 * i + 1]!),
      h.inputShape,
      h.targetLen,
      h.classes,
    );
    if (ds.size !== part.rows) throw new Error(`packed data: ${part.name} has ${ds.size} rows, the header says ${part.rows}`);
    out[part.name] = ds;
  });
  if (!out.train) throw new Error('packed data has no training split');
  return { train: out.train, val: out.val, test: out.test };
}

/** The buffers to list as transferables in postMessage. */
export const transferables = (p: PackedSplits): ArrayBuffer[] => p.buffers;
