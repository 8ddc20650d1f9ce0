// The Training view: loss per step and metrics per epoch of the window's runs (LiveCharts, as the
// trainer panel draws them), fed by the host. The host keeps the history; a rebuilt page (a webview
// view loses its page when hidden) asks for it again.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { ChartToHost, HostToChart } from '../../src/protocol/chart';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { renderCompute } from '../shared/compute-view';
import { pageMemory } from '../shared/page-memory';
import { chartsToPng, exportName, toCsv } from './export';
import { LiveCharts } from './live-charts';

const app = document.getElementById('app')!;
app.innerHTML = `
  <div id="compute" class="muted">Compute: <strong id="compute-text">not probed yet</strong> <span id="compute-why">— click ▶ Train above a model.</span>
    <small id="compute-unused" class="compute-unused" hidden></small></div>
  <div id="empty" class="empty">No runs yet. Open an experiment (*.mlab) and click ▶ Train.</div>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const live = new LiveCharts(app, {
  what: 'training',
  toolbarExtra: `
      <vscode-button id="export-png" secondary title="Save both charts as a PNG image">Export PNG</vscode-button>
      <vscode-button id="export-csv" secondary title="Save every point of every run as CSV">Export CSV</vscode-button>
      <span id="export-status" class="muted" role="status"></span>`,
  onRendered: () => ($('empty').hidden = !live.isEmpty),
});

const channel = connectToHost(ChartToHost, HostToChart, 'chart');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const status = (text: string) => ($('export-status').textContent = text);
async function save(kind: 'png' | 'csv'): Promise<void> {
  try {
    status(kind === 'png' ? 'Rendering…' : 'Collecting…');
    const data = kind === 'png' ? await chartsToPng(live.charts.canvases, live.theme.background) : toCsv(live.store);
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
channel.on('compute', (info) => renderCompute({ text: $('compute-text'), why: $('compute-why'), unused: $('compute-unused') }, info));
channel.on('metrics', (batch) => live.add(batch));
channel.on('runInfo', (info) => live.setInfo(info));
channel.on('current', ({ runIds }) => live.setCurrent(runIds));
channel.onPeerReady(() => {
  void Promise.all([channel.request('history', {}), channel.request('runs', {})])
    .then(([batches, runs]) => live.replace(batches, runs))
    .catch((e: unknown) => channel.notify('log', { level: 'warn', message: `history: ${e instanceof Error ? e.message : String(e)}` }));
});
channel.announceReady();
