// The Training view in the panel area: charts of the runs. A webview view is rebuilt each time
// it is shown, so the host keeps the history (ChartHistory, shared with the trainer panel) and the
// page asks for it after each handshake.
import * as vscode from 'vscode';
import { ChartToHost, HostToChart, type SaveExport } from '../protocol/chart';
import { type RunInfo } from '../protocol/runs';
import { type ComputeInfo, type MetricBatch } from '../protocol/wire';
import { forwardChange, type ChartHistory } from './chart-history';
import { ViewPage } from './pages/page';

export class TrainingViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private page: ViewPage<typeof HostToChart, typeof ChartToHost> | undefined;
  private lastCompute: ComputeInfo | undefined;
  private readonly unlisten: () => void;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly history: ChartHistory,
  ) {
    this.unlisten = history.listen(
      (change) => this.channel && forwardChange((type, payload) => this.channel?.notify(type, payload), change),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const page = new ViewPage(
      { extensionUri: this.extensionUri, log: this.log },
      {
        entry: 'chart',
        title: 'Model Lab: Training',
        toPage: HostToChart,
        fromPage: ChartToHost,
        closed: 'the view was closed',
      },
      view,
    );
    const channel = page.channel;
    channel.handle('history', () => this.history.batches());
    channel.handle('runs', () => this.history.runs());
    channel.handle('saveExport', (request) => this.saveExport(request));
    if (this.lastCompute) channel.notify('compute', this.lastCompute);
    channel.notify('current', { runIds: [...this.history.current] });
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

  /** The run reporter's points and run infos go to the shared history, which tells every page. */
  addMetrics(batch: MetricBatch): void {
    this.history.addMetrics(batch);
  }

  setRunInfo(info: RunInfo): void {
    this.history.setRunInfo(info);
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
    this.unlisten();
    this.page?.dispose();
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
