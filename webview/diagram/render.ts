// Draws a laid-out diagram as SVG. Colours come from classes in media/webview.css (VS Code theme
// variables); geometry goes into SVG attributes, since the CSP allows no inline styles.
import { GROUP_HEADER, layoutDiagram, type Point } from '../../src/diagram/layout';
import { groupId, type Diagram, type DiagramNode } from '../../src/diagram/model';
import { WIDEST_STATS_LINE } from './stats-text';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LINE = 16;
const PAD = 12;

export interface RenderHandlers {
  readonly onNode: (node: DiagramNode) => void;
  readonly onToggle: (groupId: string) => void;
  /** Groups shown collapsed (their node gets an expand toggle). */
  readonly collapsible: (groupId: string) => boolean;
  /** Reserve a line in each layer's box for live statistics (stats.ts fills it in place). */
  readonly statsLine?: boolean;
}

/** Nodes that get a statistics line when there are statistics: layers and collapsed blocks. */
export const hasStatsLine = (n: DiagramNode): boolean => n.kind === 'layer' || n.kind === 'collapsed';

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  cls?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (cls) e.setAttribute('class', cls);
  return e;
}

function text(x: number, y: number, content: string, cls: string, anchor = 'middle'): SVGTextElement {
  const t = svgEl('text', { x, y, 'text-anchor': anchor, 'dominant-baseline': 'middle' }, cls);
  t.textContent = content;
  return t;
}

const measureCtx = document.createElement('canvas').getContext('2d');
function measure(content: string, font: string): number {
  if (!measureCtx) return content.length * 7.5;
  measureCtx.font = font;
  return measureCtx.measureText(content).width;
}

export const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
export const paramsText = (n: number): string => (n === 0 ? 'no params' : `${n.toLocaleString('en-US')} params`);

/** The lines drawn in a node box: label, output shape, and parameters (the input has no parameters line). */
function lines(n: DiagramNode): string[] {
  const shape = n.shapeLabel ?? shapeText(n.shape);
  if (n.kind === 'input') return [n.label, shape];
  return [n.label, shape, ...(n.detail ? [n.detail] : []), paramsText(n.params)];
}

function nodeSize(n: DiagramNode, font: { label: string; detail: string }, stats: boolean): { width: number; height: number } {
  if (n.kind === 'add') return { width: 28, height: 28 };
  const [label = '', ...rest] = lines(n);
  const extra = stats && hasStatsLine(n) ? [WIDEST_STATS_LINE] : [];
  const widest = Math.max(
    measure(label, font.label) + (n.kind === 'collapsed' ? 22 : 0),
    ...[...rest, ...extra].map((r) => measure(r, font.detail)),
  );
  return { width: Math.max(110, Math.ceil(widest) + 2 * PAD), height: (lines(n).length + extra.length) * LINE + PAD };
}

/** A smooth path through dagre's points: straight for the flow, curved for skip edges. */
function pathData(points: readonly Point[], curved: boolean): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  if (!curved || rest.length < 2) return `M${first!.x},${first!.y}` + rest.map((p) => ` L${p.x},${p.y}`).join('');
  let d = `M${first!.x},${first!.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!,
      q = rest[i + 1]!;
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1]!;
  return `${d} L${last.x},${last.y}`;
}

export function renderDiagram(d: Diagram, handlers: RenderHandlers): SVGSVGElement {
  const body = getComputedStyle(document.body);
  const family = body.fontFamily || 'sans-serif';
  const size = parseFloat(body.fontSize) || 13;
  const font = { label: `600 ${size}px ${family}`, detail: `${size - 1}px ${family}` };
  const layout = layoutDiagram(d, (n) => nodeSize(n, font, !!handlers.statsLine));
  const svg = svgEl(
    'svg',
    { xmlns: SVG_NS, width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img' },
    'diagram-svg',
  );
  const defs = svgEl('defs');
  const marker = svgEl('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svgEl('path', { d: 'M0,0 L10,5 L0,10 z' }, 'diagram-arrow'));
  defs.append(marker);
  svg.append(defs);

  // Outer groups first so that inner boxes paint over them; titles go above the edges, which may cross them.
  const titles: SVGElement[] = [];
  const depth = (id: string | null): number => (id ? 1 + depth(d.groups.find((g) => g.id === id)?.parent ?? null) : 0);
  for (const g of [...d.groups].sort((a, b) => depth(a.id) - depth(b.id))) {
    const b = layout.groups.get(g.id)!;
    const el = svgEl('g', { 'data-id': g.id, 'data-kind': g.kind }, `diagram-group ${g.kind}`);
    el.append(svgEl('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 6 }));
    const title = g.kind === 'repeat' ? `repeat ×${g.times} · ${paramsText(g.params)}` : `residual · ${paramsText(g.params)}`;
    const label = text(b.x + 8 + (handlers.collapsible(g.id) ? 16 : 0), b.y + GROUP_HEADER / 2 + 1, title, 'diagram-group-label', 'start');
    activate(label, () =>
      handlers.onNode({
        id: g.id,
        kind: 'collapsed',
        layer: g.layer,
        layerKind: g.kind,
        label: g.label,
        shape: g.shape,
        params: g.params,
        range: g.range,
        group: g.parent,
      }),
    );
    const head = svgEl('g', { 'data-id': g.id }, `diagram-group-head ${g.kind}`);
    head.append(label);
    if (handlers.collapsible(g.id))
      head.append(toggle(b.x + 14, b.y + GROUP_HEADER / 2 + 1, '▾', 'Collapse', () => handlers.onToggle(g.id)));
    titles.push(head);
    svg.append(el);
  }

  for (const e of layout.edges) {
    svg.append(
      svgEl(
        'path',
        { d: pathData(e.points, e.skip), 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to },
        e.skip ? 'diagram-edge skip' : 'diagram-edge',
      ),
    );
  }

  svg.append(...titles);

  for (const n of d.nodes) {
    const b = layout.nodes.get(n.id)!;
    const recurrent = n.kind === 'layer' && RECURRENT_KINDS.has(n.layerKind);
    const el = svgEl(
      'g',
      { 'data-id': n.id, 'data-kind': n.kind, 'data-layer': n.layer },
      `diagram-node ${n.kind}${recurrent ? ' recurrent' : ''}`,
    );
    const title = svgEl('title');
    title.textContent =
      n.kind === 'add'
        ? `residual add → ${shapeText(n.shape)}`
        : `${n.label} → ${n.shapeLabel ?? shapeText(n.shape)}, ${paramsText(n.params)}`;
    title.dataset.base = title.textContent; // stats.ts appends the layer's statistics
    el.append(title);
    if (n.kind === 'add') {
      el.append(
        svgEl('circle', { cx: b.x + b.width / 2, cy: b.y + b.height / 2, r: b.width / 2 }),
        text(b.x + b.width / 2, b.y + b.height / 2 + 1, '+', 'diagram-add'),
      );
    } else {
      el.append(svgEl('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 4 }));
      if (recurrent) el.append(recurrenceLoop(b));
      const shown = lines(n);
      shown.forEach((line, i) =>
        el.append(text(b.x + b.width / 2, b.y + PAD / 2 + LINE * i + LINE / 2, line, i === 0 ? 'diagram-label' : 'diagram-detail')),
      );
      if (handlers.statsLine && hasStatsLine(n))
        el.append(text(b.x + b.width / 2, b.y + PAD / 2 + LINE * shown.length + LINE / 2, '', 'diagram-detail diagram-stats'));
      if (n.kind === 'collapsed')
        el.append(toggle(b.x + 12, b.y + PAD / 2 + LINE / 2, '▸', 'Expand', () => handlers.onToggle(groupId(n.layer))));
    }
    activate(el, () => handlers.onNode(n));
    svg.append(el);
  }
  return svg;
}

/** rnn / lstm / gru: a recurrent block, drawn with a loop on its right edge (the state fed back each step). */
const RECURRENT_KINDS: ReadonlySet<string> = new Set(['rnn', 'lstm', 'gru']);

function recurrenceLoop(b: { x: number; y: number; width: number; height: number }): SVGElement {
  const x = b.x + b.width,
    top = b.y + b.height * 0.3,
    bottom = b.y + b.height * 0.7;
  const d = `M ${x} ${bottom} C ${x + 18} ${bottom}, ${x + 18} ${top}, ${x} ${top}`;
  const loop = svgEl('path', { d, 'marker-end': 'url(#arrow)' }, 'diagram-recurrence');
  const title = svgEl('title');
  title.textContent = 'recurrent: the state is fed back at every step';
  loop.append(title);
  return loop;
}

function toggle(x: number, y: number, glyph: string, what: string, onClick: () => void): SVGTextElement {
  const t = text(x, y, glyph, 'diagram-toggle');
  t.setAttribute('data-toggle', ''); // left out of the export
  const title = svgEl('title');
  title.textContent = what;
  t.append(title);
  t.setAttribute('aria-label', what);
  activate(t, onClick);
  return t;
}

/** Clickable and keyboard-usable: in the tab order, Enter or Space acts like a click. The event
 *  stops here, so a toggle inside a node does not also select the node. */
function activate(target: SVGElement, action: () => void): void {
  target.setAttribute('tabindex', '0');
  target.addEventListener('click', (ev) => {
    ev.stopPropagation();
    action();
  });
  target.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    ev.preventDefault(); // Space would scroll the page
    ev.stopPropagation();
    action();
  });
}
