// The Training view: loss per step and metrics per epoch of every run, fed by the host. The host
// keeps the history; a rebuilt page (a webview view loses its page when hidden) asks for it again.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { describeCompute } from '../../src/protocol/compute-info';
import { ChartToHost, HostToChart } from '../../src/protocol/chart';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { pageMemory } from '../shared/page-memory';
import { TrainingCharts, type ViewState } from './charts';
import { CHART_CONTROLS_HTML, wireChartControls } from './controls';
import { chartsToPng, exportName, toCsv } from './export';
import { SeriesStore } from './series';
import { readTheme, watchTheme } from './theme';

const app = document.getElementById('app')!;
app.innerHTML = `
  <div id="compute" class="muted">Compute: not probed yet — click ▶ Train above a model.</div>
  <div id="empty" class="empty">No runs yet. Open an experiment (*.mlab) and click ▶ Train.</div>
  <div id="chart-box" class="chart-box charts" hidden>
    <div class="chart-toolbar">${CHART_CONTROLS_HTML}
      <vscode-button id="export-png" secondary title="Save both charts as a PNG image">Export PNG</vscode-button>
      <vscode-button id="export-csv" secondary title="Save every point of every run as CSV">Export CSV</vscode-button>
      <span id="export-status" class="muted" role="status"></span>
    </div>
    <div class="chart-grid">
      <div class="chart-pane"><canvas id="loss" aria-label="training loss per step"></canvas></div>
      <div class="chart-pane"><canvas id="epochs" aria-label="metrics and learning rate per epoch"></canvas></div>
    </div>
  </div>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const store = new SeriesStore();
const state: ViewState = { smoothing: 0.6, log: false, hidden: new Set() };
let theme = readTheme();
const charts = new TrainingCharts($<HTMLCanvasElement>('loss'), $<HTMLCanvasElement>('epochs'), theme, state, (group) => {
  if (!state.hidden.delete(group)) state.hidden.add(group);
  render();
});
charts.setTheme(theme);

// One render per frame at most, whatever the message rate.
let rendered = -1;
let queued = false;
function schedule(): void {
  if (queued || rendered === store.version) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    render();
  });
}
function render(): void {
  rendered = store.version;
  const hasData = !store.isEmpty;
  $('empty').hidden = hasData;
  $('chart-box').hidden = !hasData;
  const { epochPoints } = charts.render(store);
  $('epochs').parentElement!.hidden = epochPoints === 0;
}

wireChartControls(state, charts, render);
watchTheme((t) => {
  theme = t;
  charts.setTheme(t);
  render();
});

const channel = connectToHost(ChartToHost, HostToChart, 'chart');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const status = (text: string) => ($('export-status').textContent = text);
async function save(kind: 'png' | 'csv'): Promise<void> {
  try {
    status(kind === 'png' ? 'Rendering…' : 'Collecting…');
    const data = kind === 'png' ? await chartsToPng(charts.canvases, theme.background) : toCsv(store);
    status('');
    // A person picks the file: give the dialog time.
    const result = await channel.request('saveExport', { kind, name: exportName(kind), data }, 10 * 60_000);
    status(result.saved ? `Saved ${result.path ?? ''}` : '');
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    status(`Export failed: ${message}`);
    channel.notify('log', { level: 'warn', message: `export ${kind}: ${message}` });
  }
}
$('export-png').addEventListener('click', () => void save('png'));
$('export-csv').addEventListener('click', () => void save('csv'));

channel.handle('memory', async () => pageMemory());
channel.on('compute', (info) => {
  const { text, detail } = describeCompute(info);
  $('compute').textContent = `Compute: ${text} (${detail})`;
});
channel.on('metrics', (batch) => {
  if (store.add(batch)) schedule();
});
channel.on('runInfo', (info) => {
  store.setInfo(info);
  schedule();
});
channel.onPeerReady(() => {
  void Promise.all([channel.request('history', {}), channel.request('runs', {})])
    .then(([batches, runs]) => {
      store.clear();
      charts.forget();
      for (const info of runs) store.setInfo(info);
      batches.forEach((b) => store.add(b));
      render();
    })
    .catch((e: unknown) => channel.notify('log', { level: 'warn', message: `history: ${e instanceof Error ? e.message : String(e)}` }));
});
channel.announceReady();
