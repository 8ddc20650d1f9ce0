// The Training view in the panel area: charts of the runs. A webview view is rebuilt each time
// it is shown, so the host keeps the history and the page asks for it after each handshake.
import * as vscode from 'vscode';
import { Channel } from '../channel';
import { ChartToHost, HostToChart, type ComputeInfo, type MetricBatch } from '../protocol';
import { renderWebviewHtml, webviewOptions } from './webview-html';

export class TrainingViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private channel: Channel<typeof HostToChart, typeof ChartToHost> | undefined;
  private readonly history: MetricBatch[] = [];
  private lastCompute: ComputeInfo | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.extensionUri);
    const channel = new Channel(HostToChart, ChartToHost, (m) => void view.webview.postMessage(m), {
      name: 'chart',
      warn: (m) => this.log.warn(m),
    });
    channel.handle('history', () => this.history);
    channel.on('log', ({ level, message }) => this.log[level](`[chart] ${message}`));
    if (this.lastCompute) channel.notify('compute', this.lastCompute);
    this.channel?.dispose('the view was rebuilt');
    this.channel = channel;
    this.disposables.push(
      view.webview.onDidReceiveMessage((m) => channel.receive(m)),
      // A hidden webview view loses its page; the rebuilt page says ready again and asks for history.
      view.onDidChangeVisibility(() => view.visible || channel.peerLost()),
      view.onDidDispose(() => {
        channel.dispose('the view was closed');
        if (this.channel === channel) this.channel = undefined;
      }),
    );
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, { entry: 'chart', title: 'Model Lab: Training' });
  }

  showCompute(info: ComputeInfo): void {
    this.lastCompute = info;
    this.channel?.notify('compute', info);
  }

  addMetrics(batch: MetricBatch): void {
    this.history.push(batch);
    this.channel?.notify('metrics', batch);
  }

  dispose(): void {
    this.channel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
