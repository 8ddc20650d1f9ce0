// The report's "seeing inside" sections for sequence models: the attention map of one example
// (selectors for the example of the split, the layer and the head; a heat map with the keys along
// the top and the queries down the side, each weight from the background to the theme's first
// chart colour, so a causal mask is the empty upper triangle), and a language model's samples
// after each epoch. The host computes the weights; an example other than the first is asked for.
import type { AttentionExample, ReportAttention, ReportSample } from '../../src/protocol/report';
import { el } from '../shared/dom';
import { mix, type ReportTheme, type Rgb } from './colors';

const LABEL = 56,
  MAX_SIDE = 512;

/** Cell size in pixels for T positions: the map fits in MAX_SIDE, at least 2 px a cell. */
export const cellSize = (t: number): number => Math.max(2, Math.min(24, Math.floor(MAX_SIDE / t)));

/** Head `head` of `map` ([H, T, T]) as RGBA pixels, one per cell (row q, column k); the strongest weight is the full colour. */
export function attentionPixels(map: Float32Array, t: number, head: number, theme: ReportTheme): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(new ArrayBuffer(t * t * 4)),
    base = head * t * t,
    hot: Rgb = theme.palette[0]!;
  let top = 0;
  for (let i = 0; i < t * t; i++) top = Math.max(top, map[base + i]!);
  for (let i = 0; i < t * t; i++) {
    const c = mix(theme.background, hot, top > 0 ? map[base + i]! / top : 0);
    px.set([c[0], c[1], c[2], 255], i * 4);
  }
  return px;
}

/** The attention section's content; `fetch` asks the host for another example. */
export function attentionView(a: ReportAttention, theme: ReportTheme, fetch: (index: number) => Promise<AttentionExample>): HTMLElement {
  const box = el('div', undefined, 'report-attention');
  const controls = el('div', undefined, 'report-controls');
  const index = el('input');
  index.type = 'number';
  index.id = 'attention-example';
  index.min = '0';
  index.max = String(Math.max(0, a.examples - 1));
  index.value = '0';
  const layer = select(
    'attention-layer',
    a.layers.map((l) => `${l.name}${l.causal ? ' · causal' : ''}`),
  );
  const head = select('attention-head', []);
  const status = el('span', '', 'muted');
  controls.append(
    label('Example', index),
    el('span', `of ${a.examples.toLocaleString('en')}`, 'muted'),
    label('Layer', layer),
    label('Head', head),
    status,
  );
  const canvas = el('canvas', undefined, 'report-attention-map');
  canvas.id = 'attention-map';
  const text = el('p', '', 'report-attention-text');
  box.append(controls, canvas, text);
  let shown = a.first;
  const heads = () => {
    const n = a.layers[Number(layer.value)]!.heads,
      keep = Math.min(Number(head.value) || 0, n - 1);
    head.replaceChildren(...Array.from({ length: n }, (_, i) => option(String(i), `head ${i + 1}`)));
    head.value = String(keep);
  };
  const redraw = () => {
    const l = Number(layer.value),
      h = Number(head.value);
    drawMap(canvas, shown, a.t, l, h, theme);
    text.textContent = shown.tokens.join('');
    box.dataset.example = String(shown.index);
    box.dataset.layer = String(l);
    box.dataset.head = String(h);
  };
  layer.addEventListener('change', () => (heads(), redraw()));
  head.addEventListener('change', redraw);
  index.addEventListener('change', () => {
    const i = Math.min(a.examples - 1, Math.max(0, Math.floor(Number(index.value) || 0)));
    index.value = String(i);
    status.textContent = 'computing…';
    box.dataset.state = 'loading';
    fetch(i).then(
      (ex) => {
        shown = ex;
        status.textContent = '';
        box.dataset.state = 'shown';
        redraw();
      },
      (e: unknown) => {
        status.textContent = `could not compute: ${e instanceof Error ? e.message : String(e)}`;
        box.dataset.state = 'failed';
      },
    );
  });
  heads();
  redraw();
  box.dataset.state = 'shown';
  return box;
}

function drawMap(canvas: HTMLCanvasElement, ex: AttentionExample, t: number, layer: number, head: number, theme: ReportTheme): void {
  const cell = cellSize(t),
    side = LABEL + cell * t;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = side * ratio;
  canvas.height = side * ratio;
  const g = canvas.getContext('2d');
  if (!g) return;
  g.scale(ratio, ratio);
  const img = new ImageData(attentionPixels(ex.maps[layer]!, t, head, theme), t, t);
  const tile = document.createElement('canvas');
  tile.width = tile.height = t;
  tile.getContext('2d')?.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(tile, LABEL, LABEL, cell * t, cell * t);
  const fg = `rgb(${theme.foreground.join(', ')})`;
  g.fillStyle = fg;
  g.font = `${Math.min(12, Math.max(6, cell))}px monospace`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  if (cell >= 5)
    ex.tokens.forEach((tok, i) => {
      const mid = LABEL + (i + 0.5) * cell;
      g.fillText(tok.slice(0, 3), mid, LABEL - 8); // keys along the top
      g.fillText(tok.slice(0, 3), LABEL - 10, mid); // queries down the side
    });
  g.textAlign = 'left';
  g.fillText('keys →', 2, 10);
  g.save();
  g.translate(10, LABEL + 30);
  g.rotate(Math.PI / 2);
  g.fillText('queries →', 0, 0);
  g.restore();
}

function select(id: string, items: readonly string[]): HTMLSelectElement {
  const s = el('select');
  s.id = id;
  s.append(...items.map((text, i) => option(String(i), text)));
  return s;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = el('option', text);
  o.value = value;
  return o;
}

function label(text: string, control: HTMLElement): HTMLElement {
  const l = el('label', `${text} `);
  l.append(control);
  return l;
}

/** The epochs' samples, latest last, each as it was generated (whitespace kept). */
export function samplesList(samples: readonly ReportSample[]): HTMLElement {
  const list = el('ol', undefined, 'report-samples');
  list.id = 'samples-list';
  for (const s of samples) {
    const item = el('li');
    item.dataset.epoch = String(s.epoch);
    item.append(el('span', `epoch ${s.epoch}`, 'muted'), el('pre', s.text, 'report-sample-text'));
    list.append(item);
  }
  return list;
}
