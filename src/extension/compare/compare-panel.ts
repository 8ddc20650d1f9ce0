// The Compare panel: one at a time, re-used for each new selection of runs. Clicking a run's
// column header opens its record.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Channel } from '../../protocol/channel';
import { CompareToHost, HostToCompare, type CompareShow } from '../../protocol/compare';
import { renderWebviewHtml, webviewOptions } from '../webview-html';

export class ComparePanel implements vscode.Disposable {
  private static current: ComparePanel | undefined;
  readonly channel: Channel<typeof HostToCompare, typeof CompareToHost>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Run id -> folder, for the columns shown now. */
  private dirs = new Map<string, string>();
  private disposed = false;

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, show: CompareShow, dirs: readonly string[]): ComparePanel {
    let p = ComparePanel.current;
    if (p) p.panel.reveal(undefined, false);
    else ComparePanel.current = p = new ComparePanel(extensionUri, log);
    p.dirs = new Map(show.runs.map((r, i) => [r.runId, dirs[i]!]));
    p.panel.title = `Compare · ${show.runs.length} runs`;
    p.channel.notify('show', show);
    return p;
  }

  static get active(): ComparePanel | undefined {
    return ComparePanel.current;
  }

  private constructor(
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    readonly panel = vscode.window.createWebviewPanel('modelLab.compare', 'Compare Runs', vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: true }),
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'model-lab.svg');
    this.channel = new Channel(HostToCompare, CompareToHost, (m) => void panel.webview.postMessage(m), { name: 'compare', warn: (m) => log.warn(m) });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => this.channel.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.channel.on('log', ({ level, message }) => log[level](`[compare] ${message}`));
    this.channel.on('openRecord', ({ runId }) => {
      const dir = this.dirs.get(runId);
      if (dir) void vscode.window.showTextDocument(vscode.Uri.file(join(dir, 'record.jsonl')), { viewColumn: vscode.ViewColumn.Beside });
    });
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { entry: 'compare', title: 'Compare Runs' });
  }

  dispose(): void {
    if (this.disposed) return; // panel.dispose() fires onDidDispose, which lands here again
    this.disposed = true;
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    this.channel.dispose('the compare panel was closed');
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
