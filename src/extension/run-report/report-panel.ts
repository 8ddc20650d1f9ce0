// The run report: one webview panel per run folder, reused when the run is opened again. The host
// computes everything (it has the files and the weights); the page only draws what it is sent.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Channel } from '../../protocol/channel';
import { type Payload } from '../../protocol/envelope';
import { HostToReport, ReportToHost, type ReportShow } from '../../protocol/report';
import { renderWebviewHtml, webviewOptions } from '../webview-html';

export class ReportPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ReportPanel>();
  readonly channel: Channel<typeof HostToReport, typeof ReportToHost>;
  /** The last payload sent, for tests. */
  shown: ReportShow | { failed: string } | null = null;
  /** What the page said it drew for the last payload. */
  rendered: Payload<typeof ReportToHost, 'rendered'> | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderWaiters: Array<() => void> = [];

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, dir: string, title: string): ReportPanel {
    let p = ReportPanel.panels.get(dir);
    if (p) {
      p.panel.title = title;
      p.panel.reveal(undefined, true);
    } else ReportPanel.panels.set(dir, (p = new ReportPanel(dir, extensionUri, log, title)));
    return p;
  }

  static get(dir: string): ReportPanel | undefined {
    return ReportPanel.panels.get(dir);
  }

  static disposeAll(): void {
    for (const p of [...ReportPanel.panels.values()]) p.dispose();
  }

  private constructor(
    readonly dir: string,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    title: string,
    readonly panel = vscode.window.createWebviewPanel('modelLab.runReport', title, { viewColumn: vscode.ViewColumn.Active }, { ...webviewOptions(extensionUri), retainContextWhenHidden: true }),
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'model-lab.svg');
    this.channel = new Channel(HostToReport, ReportToHost, (m) => void panel.webview.postMessage(m), { name: 'report', warn: (m) => log.warn(m) });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => this.channel.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.channel.on('log', ({ level, message }) => log[level](`[report] ${message}`));
    this.channel.on('rendered', (r) => {
      this.rendered = r;
      for (const wake of this.renderWaiters.splice(0)) wake();
      if (r.error) log.error(`[report] drawing ${dir}: ${r.error}`);
    });
    this.channel.on('cancel', () => (this.cancelRequested = true));
    this.channel.on('openRecord', () => void vscode.window.showTextDocument(vscode.Uri.file(join(dir, 'record.jsonl'))));
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { entry: 'report', title });
  }

  /** The page's Cancel button was pressed since the last `loading` without progress. */
  cancelRequested = false;

  loading(title: string, progress: number | null = null): void {
    if (progress === null) this.cancelRequested = false;
    this.shown = null;
    this.rendered = null;
    this.channel.notify('loading', { title, progress });
  }

  showReport(report: ReportShow): void {
    this.shown = report;
    this.rendered = null;
    this.channel.notify('show', report);
  }

  showError(title: string, message: string): void {
    this.shown = { failed: message };
    this.rendered = null;
    this.channel.notify('failed', { title, message });
  }

  /** Resolves with what the page drew for the payload last sent, or null if it says nothing within `ms`. */
  drawn(ms = 30_000): Promise<Payload<typeof ReportToHost, 'rendered'> | null> {
    if (this.rendered) return Promise.resolve(this.rendered);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ms);
      this.renderWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.rendered);
      });
    });
  }

  dispose(): void {
    if (ReportPanel.panels.get(this.dir) === this) ReportPanel.panels.delete(this.dir);
    this.channel.dispose('the run report was closed');
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
