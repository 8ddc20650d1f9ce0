// The arithmetic of the 2-D plots, apart from the canvas: the grid as RGBA pixels (row 0 of the
// grid is the lowest y, so it becomes the image's bottom row) and data coordinates to pixels.
// Pure, so the unit tests check it without a browser.
import type { ReportShow } from '../../src/protocol/report';
import { classColor, mix, rampColor, strength, type ReportTheme, type Rgb } from './colors';

export type Boundary = NonNullable<ReportShow['boundary']>;

/** n x n RGBA pixels of the grid, top row first (the highest y). */
export function boundaryPixels(
  b: Boundary,
  theme: ReportTheme,
  classes: number,
  range?: readonly [number, number],
): Uint8ClampedArray<ArrayBuffer> {
  const n = b.n,
    px = new Uint8ClampedArray(n * n * 4);
  const [lo, hi] = b.kind === 'values' ? (range ?? valueRange(b.values)) : [0, 1];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = r * n + c;
      const color: Rgb =
        b.kind === 'classes'
          ? mix(theme.background, classColor(theme, b.predicted[i]!), strength(b.probability[i]!, classes))
          : rampColor(theme, b.values[i]!, lo, hi);
      const o = ((n - 1 - r) * n + c) * 4;
      px[o] = color[0];
      px[o + 1] = color[1];
      px[o + 2] = color[2];
      px[o + 3] = 255;
    }
  }
  return px;
}

/** Smallest and largest finite value ([0, 1] when there is none). */
export function valueRange(...arrays: Float32Array[]): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const a of arrays)
    for (const v of a)
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Maps data coordinates onto a square of `size` pixels at (left, top); y grows upwards in the data. */
export function toPixels(
  x: readonly [number, number],
  y: readonly [number, number],
  size: number,
  left = 0,
  top = 0,
): (px: number, py: number) => [number, number] {
  return (px, py) => [left + ((px - x[0]) / (x[1] - x[0])) * size, top + (1 - (py - y[0]) / (y[1] - y[0])) * size];
}

/** Up to `count` round tick values within [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count,
    p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}
