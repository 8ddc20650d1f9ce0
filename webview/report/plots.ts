// The report's canvases: the decision boundary of a 2-D model with the examples over it (as in
// TensorFlow Playground: the class colour, lighter where the model is unsure; training examples
// small with a thin outline, the report's split ringed, its mistakes ringed in the error colour),
// the value map of a 2-D regression, and predicted against true values for other regressions.
import type { ReportShow } from '../../src/protocol/report';
import { el } from '../shared/dom';
import { classColor, css, rampColor, type ReportTheme } from './colors';
import { boundaryPixels, ticks, toPixels, valueRange, type Boundary } from './plot-math';

const SIZE = 400,
  MARGIN = 36;

function frame(id: string): { canvas: HTMLCanvasElement; g: CanvasRenderingContext2D | null } {
  const canvas = el('canvas', undefined, 'report-plot');
  canvas.id = id;
  const ratio = window.devicePixelRatio || 1,
    side = SIZE + MARGIN + 8;
  canvas.width = side * ratio;
  canvas.height = side * ratio;
  const g = canvas.getContext('2d');
  g?.scale(ratio, ratio);
  return { canvas, g };
}

function axes(
  g: CanvasRenderingContext2D,
  x: readonly [number, number],
  y: readonly [number, number],
  theme: ReportTheme,
  labels: [string, string],
): void {
  const at = toPixels(x, y, SIZE, MARGIN, 8);
  g.strokeStyle = css(theme.foreground);
  g.globalAlpha = 0.5;
  g.strokeRect(MARGIN, 8, SIZE, SIZE);
  g.globalAlpha = 1;
  g.fillStyle = css(theme.foreground);
  g.font = '10px sans-serif';
  g.textAlign = 'center';
  for (const t of ticks(x[0], x[1])) g.fillText(fmt(t), at(t, y[0])[0], SIZE + 20);
  g.fillText(labels[0], MARGIN + SIZE / 2, SIZE + 32);
  g.textAlign = 'right';
  for (const t of ticks(y[0], y[1])) g.fillText(fmt(t), MARGIN - 4, at(x[0], t)[1] + 3);
  g.save();
  g.translate(10, 8 + SIZE / 2);
  g.rotate(-Math.PI / 2);
  g.textAlign = 'center';
  g.fillText(labels[1], 0, 0);
  g.restore();
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

/** The grid under the examples; `range` fixes the value colours of a regression (shared with its points). */
export function boundaryPlot(r: ReportShow, b: Boundary, theme: ReportTheme): HTMLCanvasElement {
  const { canvas, g } = frame('boundary');
  if (!g) return canvas;
  const classes = Math.max(2, r.classNames.length);
  const pts = r.points;
  const range = b.kind === 'values' ? valueRange(b.values, ...(pts ? [pts.train.label, pts.split.label] : [])) : undefined;
  const image = new ImageData(boundaryPixels(b, theme, classes, range), b.n, b.n);
  const tile = document.createElement('canvas');
  tile.width = tile.height = b.n;
  tile.getContext('2d')?.putImageData(image, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(tile, MARGIN, 8, SIZE, SIZE);
  const featureNames = r.featureNames.length >= 2 ? (r.featureNames.slice(0, 2) as [string, string]) : (['x1', 'x2'] as [string, string]);
  axes(g, b.x, b.y, theme, featureNames);
  if (!pts) return canvas;
  const at = toPixels(b.x, b.y, SIZE, MARGIN, 8);
  const fill = (label: number) =>
    css(b.kind === 'classes' ? classColor(theme, Math.round(label)) : rampColor(theme, label, range![0], range![1], 1));
  g.save();
  g.beginPath();
  g.rect(MARGIN, 8, SIZE, SIZE);
  g.clip();
  const dot = (px: number, py: number, radius: number) => {
    const [cx, cy] = at(px, py);
    g.beginPath();
    g.arc(cx, cy, radius, 0, 2 * Math.PI);
  };
  g.lineWidth = 1;
  g.strokeStyle = css(theme.background);
  for (let i = 0; i < pts.train.label.length; i++) {
    dot(pts.train.xy[2 * i]!, pts.train.xy[2 * i + 1]!, 2.5);
    g.fillStyle = fill(pts.train.label[i]!);
    g.fill();
    g.stroke();
  }
  for (let i = 0; i < pts.split.label.length; i++) {
    const wrong = pts.split.predicted !== null && pts.split.predicted[i] !== pts.split.label[i];
    dot(pts.split.xy[2 * i]!, pts.split.xy[2 * i + 1]!, 4);
    g.fillStyle = fill(pts.split.label[i]!);
    g.fill();
    g.lineWidth = wrong ? 2.5 : 1.5;
    g.strokeStyle = css(wrong ? theme.error : theme.foreground);
    g.stroke();
  }
  g.restore();
  return canvas;
}

/** Predicted against true values of a regression's first output, with the line where they agree. */
export function scatterPlot(s: NonNullable<ReportShow['scatter']>, theme: ReportTheme): HTMLCanvasElement {
  const { canvas, g } = frame('scatter');
  if (!g) return canvas;
  const [lo0, hi0] = valueRange(s.truth, s.predicted),
    pad = (hi0 - lo0) * 0.05 || 1;
  const lim: [number, number] = [lo0 - pad, hi0 + pad];
  axes(g, lim, lim, theme, ['true', 'predicted']);
  const at = toPixels(lim, lim, SIZE, MARGIN, 8);
  g.strokeStyle = css(theme.foreground);
  g.globalAlpha = 0.4;
  g.beginPath();
  g.moveTo(...at(lim[0], lim[0]));
  g.lineTo(...at(lim[1], lim[1]));
  g.stroke();
  g.globalAlpha = 0.7;
  g.fillStyle = css(classColor(theme, 0));
  for (let i = 0; i < s.truth.length; i++) {
    const [cx, cy] = at(s.truth[i]!, s.predicted[i]!);
    g.fillRect(cx - 1.5, cy - 1.5, 3, 3);
  }
  g.globalAlpha = 1;
  return canvas;
}
