// The architecture page: draws the diagram the host sends, keeps the person's collapsed groups
// across re-sends (edits), highlights the layer under the editor's cursor, reveals a clicked
// node's line, and exports the drawing as a standalone SVG file.
import { collapse, highlightTargets, type Diagram } from '../../src/diagram/model';
import { DiagramToHost, HostToDiagram, type DiagramShow } from '../../src/protocol/diagram';
import { el } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { standaloneSvg } from './export-svg';
import { paramsText, renderDiagram } from './render';
import { applyStats, type ShownRun } from './stats';
import { statsHeader } from './stats-text';

const app = document.getElementById('app')!;
const channel = connectToHost(DiagramToHost, HostToDiagram, 'diagram');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const title = el('h1', 'Architecture');
const summary = el('span', '', 'muted');
const statsState = el('span', '', 'diagram-stats-state');
const exportButton = el('button', 'Export SVG');
const collapseAll = el('button', 'Collapse repeats');
const expandAll = el('button', 'Expand all');
const problem = el('p', '', 'diagram-problem');
const canvas = el('div', undefined, 'diagram-canvas');
const header = el('div', undefined, 'diagram-header');
header.append(title, summary, statsState, el('span', undefined, 'diagram-spacer'), collapseAll, expandAll, exportButton);
app.append(header, problem, canvas);
problem.hidden = true;

let shown: DiagramShow | null = null;
let view: Diagram | null = null;
let svg: SVGSVGElement | null = null;
let highlighted = -1;
/** The run whose statistics the boxes show; the boxes have their statistics line once there is one. */
let run: ShownRun | null = null;
let drawnWithStats = false;
const collapsed = new Set<string>();

function draw(): void {
  const full = shown?.diagram ?? null;
  canvas.replaceChildren();
  svg = null;
  view = null;
  exportButton.disabled = !full;
  if (!full) {
    if (!shown?.problem) canvas.append(el('p', 'This model has no layers yet.', 'empty'));
    return;
  }
  for (const id of [...collapsed]) if (!full.groups.some((g) => g.id === id)) collapsed.delete(id);
  view = collapse(full, collapsed);
  svg = renderDiagram(view, {
    onNode: (n) => {
      if (n.range) channel.notify('reveal', { line: n.range.startLine, layerIndex: n.layer });
    },
    onToggle: (id) => {
      if (collapsed.has(id)) collapsed.delete(id);
      else collapsed.add(id);
      draw();
    },
    collapsible: (id) => full.groups.some((g) => g.id === id && g.kind === 'repeat'),
    statsLine: run !== null,
  });
  drawnWithStats = run !== null;
  canvas.append(svg);
  showStats();
  app.dataset.nodes = String(view.nodes.length);
  highlight(highlighted, false);
}

function highlight(layer: number, scroll: boolean): void {
  highlighted = layer;
  if (!svg || !view || !shown?.diagram) return;
  for (const e of svg.querySelectorAll('.highlight')) e.classList.remove('highlight');
  if (layer < 0) return;
  const ids = highlightTargets(view, shown.diagram, layer);
  const els = ids.flatMap((id) => [...svg!.querySelectorAll(`[data-id="${id}"]`)]);
  for (const e of els) e.classList.add('highlight');
  if (scroll) els[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

channel.on('show', (s) => {
  shown = s;
  title.textContent = `Architecture · ${s.diagram?.name ?? ''}`;
  summary.textContent = s.totalParams === null ? '' : `${paramsText(s.totalParams)} in all`;
  problem.textContent = s.problem ?? '';
  problem.hidden = !s.problem;
  draw();
});

channel.on('highlight', ({ layerIndex }) => highlight(layerIndex, true));

// Statistics arrive about once a second while the model trains: text is updated in place; the
// diagram is laid out again only when the boxes first need (or no longer need) their extra line.
channel.on('stats', (m) => {
  run = m.run;
  if (drawnWithStats !== (run !== null) && shown) draw();
  else showStats();
});

function showStats(): void {
  statsState.textContent = run ? statsHeader(run) : '';
  statsState.classList.toggle('ended', !!run && !run.live);
  if (!svg || !run) return;
  const nodes = applyStats(svg, run);
  channel.notify('statsShown', { runId: run.runId, step: run.stats.step, nodes });
}

collapseAll.addEventListener('click', () => {
  for (const g of shown?.diagram?.groups ?? []) if (g.kind === 'repeat') collapsed.add(g.id);
  draw();
});
expandAll.addEventListener('click', () => {
  collapsed.clear();
  draw();
});

exportButton.addEventListener('click', () => {
  if (!svg) return;
  // The cursor highlight is an editor aid, not part of the architecture: export without it.
  const layer = highlighted;
  highlight(-1, false);
  const text = standaloneSvg(svg);
  highlight(layer, false);
  // The save dialog waits on the person: give the request minutes, not the default seconds.
  channel.request('saveSvg', { svg: text }, 10 * 60_000).then(
    (r) => r.saved && channel.notify('log', { level: 'info', message: `SVG saved to ${r.path}` }),
    (e: unknown) => channel.notify('log', { level: 'error', message: `SVG export failed: ${e instanceof Error ? e.message : String(e)}` }),
  );
});

channel.announceReady();
