// The Compare panel: a table with one column per run (only the settings that differ, then the
// final metrics, the best of each in bold) above the runs' curves overlaid (the Training view's
// charts: per-step loss with its EMA, per-epoch metrics and learning rate), one colour per run.
import { CompareToHost, HostToCompare, type CompareShow } from '../../src/protocol/compare';
import { TrainingCharts, type ViewState } from '../chart/charts';
import { CHART_CONTROLS_HTML, wireChartControls } from '../chart/controls';
import { formatValue } from '../chart/options';
import { SeriesStore } from '../chart/series';
import { summaryText, ThrottledRegion } from '../chart/summary';
import { readTheme, watchTheme, type Theme } from '../chart/theme';
import { el } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';

const app = document.getElementById('app')!;
app.innerHTML = `
  <h2 id="summary">Loading runs…</h2>
  <p id="note" class="muted" hidden></p>
  <div id="table"></div>
  <div class="chart-box charts">
    <div class="chart-toolbar">${CHART_CONTROLS_HTML}
    </div>
    <div class="chart-grid">
      <div class="chart-pane"><canvas id="loss" role="img" aria-label="training loss per step of each run" aria-describedby="chart-summary"></canvas></div>
      <div class="chart-pane"><canvas id="epochs" role="img" aria-label="metrics per epoch of each run" aria-describedby="chart-summary"></canvas></div>
    </div>
    <p id="chart-summary" class="visually-hidden" aria-live="polite"></p>
  </div>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const channel = connectToHost(CompareToHost, HostToCompare, 'compare');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const store = new SeriesStore();
const state: ViewState = { smoothing: 0.6, log: false, hidden: new Set() };
let theme = readTheme();
let shown: CompareShow | null = null;
const charts = new TrainingCharts($<HTMLCanvasElement>('loss'), $<HTMLCanvasElement>('epochs'), theme, state, (group) => {
  if (!state.hidden.delete(group)) state.hidden.add(group);
  renderCharts();
});
charts.setTheme(theme);

const summary = new ThrottledRegion($('chart-summary'));
function renderCharts(): void {
  const { epochPoints } = charts.render(store);
  $('epochs').closest<HTMLElement>('.chart-pane')!.hidden = epochPoints === 0;
  summary.set(summaryText(store, [...store.runs.keys()]));
}

function show(s: CompareShow): void {
  shown = s;
  store.clear();
  charts.forget();
  state.hidden.clear();
  // Infos first, in column order: a run's colour follows its order of arrival in the store.
  for (const info of s.info) store.setInfo(info);
  for (const batch of s.curves) store.add(batch);
  const differ = s.settings.length;
  $('summary').textContent = `${s.runs.length} runs · ${differ} setting${differ === 1 ? '' : 's'} differ${differ === 1 ? 's' : ''}`;
  $('note').hidden = !s.architectureDiffers;
  $('note').textContent = s.architectureDiffers ? 'The architectures differ: the runs train different graphs (see model.graph).' : '';
  app.dataset.runs = String(s.runs.length);
  app.dataset.settings = String(differ);
  renderCharts();
  renderTable(s, theme);
}

function renderTable(s: CompareShow, t: Theme): void {
  const table = el('table', undefined, 'preview-table compare-table');
  const head = el('tr');
  head.append(el('th', 'setting'));
  s.runs.forEach((run, i) => {
    const th = el('th');
    const name = el('a', run.label);
    name.href = '#';
    name.title = `Open the record of ${run.runId}`;
    name.addEventListener('click', (e) => {
      e.preventDefault();
      channel.notify('openRecord', { runId: run.runId });
    });
    th.append(swatch(t.palette[i % t.palette.length]!), name, el('div', run.detail, 'muted'));
    head.append(th);
  });
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  const body = table.tBodies[0]!;
  if (s.settings.length === 0) body.append(sectionRow('every setting is the same', s.runs.length));
  for (const row of s.settings) {
    const tr = el('tr');
    tr.append(el('th', row.key));
    for (const v of row.values) tr.append(el('td', v));
    body.append(tr);
  }
  body.append(sectionRow('final metrics', s.runs.length));
  for (const m of s.metrics) {
    const tr = el('tr');
    tr.append(el('th', `${m.key} ${m.better === 'max' ? '↑' : '↓'}`));
    m.values.forEach((v, i) => {
      const td = el('td');
      const text = v === null ? '—' : formatValue(v);
      if (m.best.includes(i)) {
        td.append(el('strong', text));
        td.title = 'best of these runs';
        td.dataset.best = 'true';
      } else td.textContent = text;
      tr.append(td);
    });
    body.append(tr);
  }
  $('table').replaceChildren(table);
}

function sectionRow(text: string, runs: number): HTMLTableRowElement {
  const tr = el('tr');
  const th = el('th', text, 'muted');
  th.colSpan = runs + 1;
  tr.append(th);
  return tr;
}

/** The run's colour as in the charts' legend (a canvas: the CSP allows no inline styles). */
function swatch(color: string): HTMLCanvasElement {
  const c = el('canvas');
  c.width = 14;
  c.height = 4;
  c.setAttribute('aria-hidden', 'true');
  const ctx = c.getContext('2d');
  if (ctx) {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 14, 4);
  }
  return c;
}

wireChartControls(state, charts, renderCharts);
watchTheme((next) => {
  theme = next;
  charts.setTheme(next);
  renderCharts();
  if (shown) renderTable(shown, next);
});

channel.on('show', show);
channel.announceReady();
