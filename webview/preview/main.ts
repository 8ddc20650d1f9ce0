// The data preview page: draws what the host sends (first rows or images with labels, class
// histogram, per-feature statistics, split sizes). Images and the histogram go into <canvas>
// elements: the CSP allows no inline styles, and canvas needs none.
import { HostToPreview, PreviewToHost, type DataPreview } from '../../src/protocol/preview';
import { el, section } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';

const app = document.getElementById('app')!;
const channel = connectToHost(PreviewToHost, HostToPreview, 'preview');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const fmt = (v: number): string =>
  Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(3);

function table(columns: readonly string[], rows: readonly (readonly string[])[]): HTMLTableElement {
  const t = el('table', undefined, 'preview-table');
  const head = t.createTHead().insertRow();
  for (const c of columns) head.append(el('th', c));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const v of r) tr.insertCell().textContent = v;
  }
  return t;
}

function imageGrid(p: NonNullable<DataPreview['images']>): HTMLElement {
  const grid = el('div', undefined, 'preview-grid');
  grid.id = 'images';
  const bytes = Uint8Array.from(atob(p.pixels), (c) => c.charCodeAt(0));
  const { channels: C, height: H, width: W } = p,
    len = C * H * W;
  p.labels.forEach((label, i) => {
    const canvas = el('canvas');
    canvas.width = W;
    canvas.height = H;
    const img = new ImageData(W, H);
    for (let k = 0; k < H * W; k++) {
      const at = (c: number) => bytes[i * len + c * H * W + k]!;
      img.data[k * 4] = at(0);
      img.data[k * 4 + 1] = at(C >= 3 ? 1 : 0);
      img.data[k * 4 + 2] = at(C >= 3 ? 2 : 0);
      img.data[k * 4 + 3] = C === 4 ? at(3) : 255;
    }
    canvas.getContext('2d')?.putImageData(img, 0, 0);
    const cell = el('figure', undefined, 'preview-cell');
    cell.append(canvas, el('figcaption', label));
    grid.append(cell);
  });
  return grid;
}

function histogram(classes: readonly string[], counts: readonly number[]): HTMLCanvasElement {
  const canvas = el('canvas', undefined, 'preview-bars');
  canvas.id = 'histogram';
  const ratio = window.devicePixelRatio || 1,
    Wd = 640,
    Hd = 180;
  canvas.width = Wd * ratio;
  canvas.height = Hd * ratio;
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  g.scale(ratio, ratio);
  const css = getComputedStyle(document.body);
  const fg = css.color; // the theme's foreground, as webview.css sets it
  const bar = css.getPropertyValue('--vscode-charts-blue') || fg;
  const max = Math.max(1, ...counts),
    n = Math.max(1, counts.length),
    bw = (Wd - 20) / n;
  g.font = '11px sans-serif';
  g.textAlign = 'center';
  counts.forEach((c, i) => {
    const h = ((Hd - 40) * c) / max,
      x = 10 + i * bw;
    g.fillStyle = bar;
    g.fillRect(x + 2, Hd - 22 - h, Math.max(1, bw - 4), h);
    g.fillStyle = fg;
    g.fillText(String(c), x + bw / 2, Hd - 26 - h);
    g.fillText((classes[i] ?? String(i)).slice(0, Math.max(3, Math.floor(bw / 6))), x + bw / 2, Hd - 8);
  });
  return canvas;
}

function show(p: DataPreview): void {
  app.replaceChildren();
  const h = el('h1', `Data · ${p.name}`);
  h.id = 'title';
  app.append(
    h,
    el(
      'div',
      `${p.kind} · input [${p.inputShape.join(', ')}] · ${p.classes.length ? `${p.classes.length} classes` : 'regression'} · hash ${p.contentHash}`,
      'muted',
    ),
  );
  const splits = section(app, 'Splits', 'splits');
  const row = el('div', undefined, 'preview-splits');
  for (const [k, v] of Object.entries(p.sizes)) row.append(el('span', `${k}: ${v.toLocaleString('en')}`));
  splits.append(row);
  for (const note of p.notes) splits.append(el('div', note, 'muted'));
  if (p.images) section(app, `First ${p.images.labels.length} images`, 'first').append(imageGrid(p.images));
  if (p.table) section(app, `First ${p.table.rows.length} rows`, 'first').append(table(p.table.columns, p.table.rows));
  if (p.text) showText(p.text);
  if (p.classes.length && p.kind !== 'text') section(app, 'Classes (training split)', 'classes').append(histogram(p.classes, p.histogram));
  if (p.features.length)
    section(
      app,
      p.kind === 'images' ? 'Channels (training split, as fed to the model)' : 'Features (training split, as fed to the model)',
      'features',
    ).append(
      table(
        ['feature', 'mean', 'std', 'min', 'max'],
        p.features.slice(0, 200).map((f) => [f.name, fmt(f.mean), fmt(f.std), fmt(f.min), fmt(f.max)]),
      ),
    );
  app.dataset.state = 'shown';
}

/** Text data: the vocabulary and the first windows decoded back to text. */
function showText(t: NonNullable<DataPreview['text']>): void {
  section(app, 'Vocabulary', 'vocab').append(
    el('div', `${t.tokenizer} tokenizer · ${t.vocabSize.toLocaleString('en')} ids (0 <pad>, 1 <unk>)`, 'muted'),
    table(
      ['token', 'count'],
      t.top.map((c) => [JSON.stringify(c.token).slice(1, -1), String(c.count)]),
    ),
  );
  section(app, `First ${t.examples.length} examples, decoded`, 'first').append(
    table(
      ['text', 'target'],
      t.examples.map((e) => [e.text, e.target]),
    ),
  );
}

channel.on('show', show);
channel.on('failed', ({ name, message }) => {
  app.replaceChildren(el('h1', `Data · ${name}`), el('p', message, 'preview-error'));
  app.dataset.state = 'failed';
});
app.append(el('p', 'Loading…', 'muted'));
channel.announceReady();
