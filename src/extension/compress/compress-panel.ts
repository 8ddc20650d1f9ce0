// The compression report panel: one per experiment file, reused when the report is asked again.
// The host computes the rows (exports, onnxruntime timings); the page only draws them.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type Payload } from '../../protocol/envelope';
import { CompressShow, CompressToHost, HostToCompress } from '../../protocol/compress';
import { PanelPage } from '../pages/page';

export class CompressPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, CompressPanel>();
  private readonly page: PanelPage<typeof HostToCompress, typeof CompressToHost>;
  /** What the page said it drew for the last payload (the tests read it). */
  rendered: Payload<typeof CompressToHost, 'rendered'> | null = null;
  private readonly renderWaiters: Array<() => void> = [];

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, file: string, refresh: () => void): CompressPanel {
    let p = CompressPanel.panels.get(file);
    if (p) p.panel.reveal(undefined, true);
    else CompressPanel.panels.set(file, (p = new CompressPanel(file, extensionUri, log)));
    p.onRefresh = refresh;
    return p;
  }

  private onRefresh: () => void = () => undefined;

  private constructor(
    readonly file: string,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
  ) {
    this.page = new PanelPage(
      { extensionUri, log },
      {
        entry: 'compress',
        title: `Compression · ${vscode.workspace.asRelativePath(file)}`,
        toPage: HostToCompress,
        fromPage: CompressToHost,
        closed: 'the compression report was closed',
        viewType: 'modelLab.compressionReport',
        column: { viewColumn: vscode.ViewColumn.Active },
        retainContextWhenHidden: true,
      },
    );
    this.page.track({ dispose: () => CompressPanel.panels.get(file) === this && CompressPanel.panels.delete(file) });
    this.channel.on('rendered', (r) => {
      this.rendered = r;
      for (const wake of this.renderWaiters.splice(0)) wake();
    });
    this.channel.on('refresh', () => this.onRefresh());
    this.channel.on('openRecord', ({ run }) => void vscode.window.showTextDocument(vscode.Uri.file(join(run, 'record.jsonl'))));
  }

  get channel() {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  get isDisposed(): boolean {
    return this.page.isDisposed;
  }

  loading(title: string, progress: number | null): void {
    this.rendered = null;
    this.channel.notify('loading', { title, progress });
  }

  showRows(show: CompressShow): void {
    CompressShow.parse(show); // our own payload: a broken one fails here, with its reason
    this.rendered = null;
    this.channel.notify('show', show);
  }

  showError(title: string, message: string): void {
    this.rendered = null;
    this.channel.notify('failed', { title, message });
  }

  /** Resolves with what the page drew for the payload last sent, or null if it says nothing within `ms`. */
  drawn(ms = 30_000): Promise<Payload<typeof CompressToHost, 'rendered'> | null> {
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
    this.page.dispose();
  }
}
