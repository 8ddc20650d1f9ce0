// The data preview: a webview panel (one, reused) that shows a data block's first rows or
// images, class histogram, feature statistics and split sizes. The host loads the data (it has
// the files); the page only draws what it is sent.
import * as vscode from 'vscode';
import { Channel } from '../../protocol/channel';
import { HostToPreview, PreviewToHost, type DataPreview } from '../../protocol/preview';
import { renderWebviewHtml, webviewOptions } from '../webview-html';

export class DataPreviewPanel implements vscode.Disposable {
  private static current: DataPreviewPanel | undefined;
  readonly channel: Channel<typeof HostToPreview, typeof PreviewToHost>;
  /** The last payload shown, for tests and for a page that reloads. */
  shown: DataPreview | { failed: string } | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, title: string): DataPreviewPanel {
    const p = (DataPreviewPanel.current ??= new DataPreviewPanel(extensionUri, log));
    p.panel.title = title;
    p.panel.reveal(undefined, true);
    return p;
  }

  static get active(): DataPreviewPanel | undefined {
    return DataPreviewPanel.current;
  }

  private constructor(
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    readonly panel = vscode.window.createWebviewPanel('modelLab.dataPreview', 'Data Preview', vscode.ViewColumn.Beside, webviewOptions(extensionUri)),
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'model-lab.svg');
    this.channel = new Channel(HostToPreview, PreviewToHost, (m) => void panel.webview.postMessage(m), { name: 'preview', warn: (m) => log.warn(m) });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => this.channel.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.channel.on('log', ({ level, message }) => log[level](`[preview] ${message}`));
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { entry: 'preview', title: 'Data Preview' });
  }

  showData(preview: DataPreview): void {
    this.shown = preview;
    this.channel.notify('show', preview);
  }

  showError(name: string, message: string): void {
    this.shown = { failed: message };
    this.channel.notify('failed', { name, message });
  }

  dispose(): void {
    if (DataPreviewPanel.current === this) DataPreviewPanel.current = undefined;
    this.channel.dispose('the data preview was closed');
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
