// Exports of the Training view: the points as CSV (pure, below) and the charts as one PNG. The page
// cannot write files; it hands the bytes to the host, which asks where to save them.
import type { SeriesStore } from './series';

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every point of every run, long format: run, label, metric, step, value. Lines end in CRLF. */
export function toCsv(store: SeriesStore): string {
  const lines = ['run,label,metric,step,value'];
  for (const run of store.runs.values()) {
    const label = csvCell(store.displayName(run));
    const id = csvCell(run.runId);
    for (const [name, points] of run.series) {
      const metric = csvCell(name);
      for (const p of points) lines.push(`${id},${label},${metric},${p.x},${csvCell(p.y)}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** "model-lab-training-2024-05-01-1304.png": a default name for the save dialog. */
export function exportName(kind: 'png' | 'csv', now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `model-lab-training-${stamp}.${kind}`;
}

/** Base64 of bytes, in chunks (String.fromCharCode with a 20 MB spread would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The visible charts stacked on one canvas over the theme's background (a chart's own is transparent). */
export async function chartsToPng(canvases: readonly HTMLCanvasElement[], background: string): Promise<string> {
  const shown = canvases.filter((c) => c.width > 0 && c.height > 0);
  const out = document.createElement('canvas');
  out.width = Math.max(1, ...shown.map((c) => c.width));
  out.height = Math.max(
    1,
    shown.reduce((h, c) => h + c.height, 0),
  );
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  let y = 0;
  for (const c of shown) {
    ctx.drawImage(c, 0, y);
    y += c.height;
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the chart as PNG');
  return toBase64(new Uint8Array(await blob.arrayBuffer()));
}
