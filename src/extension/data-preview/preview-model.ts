// What the preview page shows, built from loaded data (no vscode here, so it is unit-tested):
// the first rows of a table or the first images with their labels, the class histogram,
// per-feature statistics and the split sizes.
import type { LoadedData } from '../../engine/data/load';
import type { DataPreview } from '../../protocol/preview';

const ROWS = 20;
const IMAGES = 48;

const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

export function buildPreview(name: string, loaded: LoadedData): DataPreview {
  const raw = loaded.source,
    st = loaded.stats;
  const label = (y: number): string => (st.classes === 0 ? fmt(y) : (st.classNames[y] ?? String(y)));
  const n = raw.y.length / raw.targetLen,
    d = raw.x.length / Math.max(1, n);
  const base = {
    name,
    kind: st.kind,
    inputShape: [...st.inputShape],
    classes: st.classNames.length ? [...st.classNames] : Array.from({ length: st.classes }, (_, i) => String(i)),
    sizes: st.sizes,
    histogram: st.histogram.train,
    features: st.features.map((f) => ({ ...f })),
    contentHash: st.contentHash,
    notes: [...st.notes],
  };
  if (loaded.tokenizer) return { ...base, table: null, images: null, text: textPreview(loaded) };
  if (raw.kind === 'images') {
    const [c, h, w] =
      raw.inputShape.length === 3 ? (raw.inputShape as [number, number, number]) : [1, Math.round(Math.sqrt(d)), Math.round(Math.sqrt(d))];
    const count = Math.min(IMAGES, n);
    return {
      ...base,
      table: null,
      images: {
        channels: c,
        height: h,
        width: w,
        pixels: toBase64(raw.x instanceof Uint8Array ? raw.x.subarray(0, count * d) : Uint8Array.from(raw.x.subarray(0, count * d))),
        labels: Array.from({ length: count }, (_, i) => label(raw.y[i * raw.targetLen]!)),
      },
    };
  }
  const columns = raw.featureNames.length ? [...raw.featureNames] : Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const rows = Array.from({ length: Math.min(ROWS, n) }, (_, i) => [
    ...Array.from(raw.x.subarray(i * d, (i + 1) * d), (v) => (Number.isNaN(v) ? '' : fmt(v))),
    label(raw.y[i * raw.targetLen]!),
  ]);
  return { ...base, table: { columns: [...columns, 'target'], rows }, images: null };
}

const WINDOWS = 5;

/** The first windows (or rows) decoded back to text, the vocabulary size and its most frequent tokens. */
function textPreview(loaded: LoadedData): NonNullable<DataPreview['text']> {
  const t = loaded.tokenizer!,
    raw = loaded.source,
    d = raw.inputShape[0]!;
  const n = Math.min(WINDOWS, raw.y.length / raw.targetLen);
  const clip = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}…` : s);
  const examples = Array.from({ length: n }, (_, i) => {
    const x = raw.x.subarray(i * d, (i + 1) * d);
    const target =
      raw.targetLen === 1
        ? (loaded.stats.classNames[raw.y[i]!] ?? String(raw.y[i]))
        : `next: ${t.tokenText(raw.y[(i + 1) * raw.targetLen - 1]!)}`;
    return { text: clip(t.decode(x)), target: clip(target) };
  });
  return { tokenizer: t.options.kind, vocabSize: t.size, top: (loaded.stats.vocab?.top ?? []).map((c) => ({ ...c })), examples };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, '');
}
