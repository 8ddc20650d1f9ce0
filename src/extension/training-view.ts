// The Training view in the panel area: charts of the runs. A webview view is rebuilt each time
// it is shown, so the host keeps the history and the page asks for it after each handshake.
import * as vscode from 'vscode';
import { ChartToHost, HostToChart, type SaveExport } from '../protocol/chart';
import { type RunInfo } from '../protocol/runs';
import { type ComputeInfo, type MetricBatch } from '../protocol/wire';
import { CHART_SERIES_CAP, Thinning } from '../engine/io/thinning';
import { ViewPage } from './pages/page';

const HISTORY_BATCH = 50_000;

export class TrainingViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private page: ViewPage<typeof HostToChart, typeof ChartToHost> | undefined;
  /** Run -> metric -> points, thinned like the page's own series so that memory stays flat. */
  private readonly history = new Map<string, Map<string, { points: MetricBatch['points']; thinning: Thinning }>>();
  private readonly runs = new Map<string, RunInfo>();
  private lastCompute: ComputeInfo | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const page = new ViewPage({ extensionUri: this.extensionUri, log: this.log }, {
      entry: 'chart',
      title: 'Model Lab: Training',
      toPage: HostToChart,
      fromPage: ChartToHost,
      closed: 'the view was closed',
    }, view);
    const channel = page.channel;
    channel.handle('history', () => this.batches());
    channel.handle('runs', () => [...this.runs.values()]);
    channel.handle('saveExport', (request) => this.saveExport(request));
    if (this.lastCompute) channel.notify('compute', this.lastCompute);
    this.page?.dispose('the view was rebuilt');
    this.page = page;
    page.track({ dispose: () => this.page === page && (this.page = undefined) });
  }

  private get channel() {
    return this.page?.channel;
  }

  /** The page's heap, or null when the view is not showing (or does not answer in time). */
  async memory(timeoutMs: number): Promise<number | null> {
    return (await this.channel?.request('memory', {}, timeoutMs).catch(() => null))?.heapBytes ?? null;
  }

  showCompute(info: ComputeInfo): void {
    this.lastCompute = info;
    this.channel?.notify('compute', info);
  }

  addMetrics(batch: MetricBatch): void {
    let run = this.history.get(batch.runId);
    if (!run) this.history.set(batch.runId, (run = new Map()));
    for (const p of batch.points) {
      let series = run.get(p.name);
      if (!series) run.set(p.name, (series = { points: [], thinning: new Thinning(CHART_SERIES_CAP) }));
      series.thinning.push(series.points, p);
    }
    this.channel?.notify('metrics', batch);
  }

  /** The history as the page asks for it: batches of at most HISTORY_BATCH points. */
  private batches(): MetricBatch[] {
    const out: MetricBatch[] = [];
    for (const [runId, run] of this.history) {
      const points = [...run.values()].flatMap((s) => s.points);
      for (let i = 0; i < points.length; i += HISTORY_BATCH) out.push({ runId, points: points.slice(i, i + HISTORY_BATCH) });
    }
    return out;
  }

  /** A run's name, status and markers (replaces what was known of it). */
  setRunInfo(info: RunInfo): void {
    this.runs.set(info.runId, info);
    this.channel?.notify('runInfo', info);
  }

  /** The page's PNG or CSV: ask where, then write it. Cancelling the dialog is not an error. */
  private async saveExport(request: SaveExport): Promise<{ saved: boolean; path?: string }> {
    const bytes = request.kind === 'png' ? Buffer.from(request.data, 'base64') : Buffer.from(request.data, 'utf8');
    if (request.kind === 'png' && !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('the chart image is not a PNG');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: request.kind === 'png' ? 'Save the chart as PNG' : 'Save the chart data as CSV',
      saveLabel: 'Export',
      defaultUri: folder ? vscode.Uri.joinPath(folder, request.name) : undefined,
      filters: request.kind === 'png' ? { 'PNG image': ['png'] } : { 'CSV table': ['csv'] },
    });
    if (!uri) return { saved: false };
    await vscode.workspace.fs.writeFile(uri, bytes);
    this.log.info(`[chart] exported ${request.kind.toUpperCase()} to ${uri.fsPath} (${bytes.length} bytes)`);
    return { saved: true, path: uri.fsPath };
  }

  dispose(): void {
    this.page?.dispose();
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
