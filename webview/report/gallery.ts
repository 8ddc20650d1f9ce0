// The misclassified examples, most confident mistakes first: images on small canvases with
// "true → predicted (p%)", other inputs as a table of their first feature values.
import type { ReportShow } from '../../src/protocol/report';
import { el } from '../shared/dom';
import { pct } from './confusion';

type Misclassified = NonNullable<ReportShow['misclassified']>;

/** An image's RGBA pixels from [C, H, W] values (C 1 or 3), stretched to its own min..max (inputs may be standardised). */
export function imagePixels(values: Float32Array, offset: number, C: number, H: number, W: number): Uint8ClampedArray<ArrayBuffer> {
  const len = C * H * W;
  let lo = Infinity,
    hi = -Infinity;
  for (let i = offset; i < offset + len; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi > lo ? hi - lo : 1,
    px = new Uint8ClampedArray(H * W * 4);
  for (let k = 0; k < H * W; k++) {
    for (let ch = 0; ch < 3; ch++) px[k * 4 + ch] = Math.round(((values[offset + (C === 3 ? ch : 0) * H * W + k]! - lo) / span) * 255);
    px[k * 4 + 3] = 255;
  }
  return px;
}

export function isImage(shape: readonly number[]): boolean {
  return shape.length === 3 && (shape[0] === 1 || shape[0] === 3);
}

export function gallery(m: Misclassified, shape: readonly number[], names: readonly string[], features: readonly string[]): HTMLElement {
  const name = (k: number) => names[k] ?? String(k);
  if (isImage(shape)) {
    const [C, H, W] = shape as [number, number, number];
    const grid = el('div', undefined, 'report-gallery');
    grid.id = 'gallery';
    m.examples.forEach((e, i) => {
      if ((i + 1) * m.width > m.values.length) return;
      const canvas = el('canvas');
      canvas.width = W;
      canvas.height = H;
      canvas.getContext('2d')?.putImageData(new ImageData(imagePixels(m.values, i * m.width, C, H, W), W, H), 0, 0);
      const cell = el('figure', undefined, 'report-example');
      cell.title = `example ${e.index} of the split`;
      cell.append(canvas, el('figcaption', `${name(e.truth)} → ${name(e.predicted)} (${pct(e.confidence)})`));
      grid.append(cell);
    });
    return grid;
  }
  const t = el('table', undefined, 'preview-table report-table');
  t.id = 'gallery';
  const head = t.createTHead().insertRow();
  for (const c of ['#', 'true', 'predicted', 'p', ...Array.from({ length: m.width }, (_, j) => features[j] ?? `x${j + 1}`)])
    head.append(el('th', c));
  const body = t.createTBody();
  m.examples.forEach((e, i) => {
    const row = body.insertRow();
    for (const v of [String(e.index), name(e.truth), name(e.predicted), pct(e.confidence)]) row.insertCell().textContent = v;
    for (let j = 0; j < m.width; j++) row.insertCell().textContent = fmt(m.values[i * m.width + j]!);
  });
  return t;
}

const fmt = (v: number): string => (Number.isNaN(v) ? '' : Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());
