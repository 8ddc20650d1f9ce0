// The data preview: a webview panel (one, reused) that shows a data block's first rows or
// images, class histogram, feature statistics and split sizes. The host loads the data (it has
// the files); the page only draws what it is sent.
import * as vscode from 'vscode';
import { HostToPreview, PreviewToHost, type DataPreview } from '../../protocol/preview';
import { PanelPage } from '../pages/page';

export class DataPreviewPanel implements vscode.Disposable {
  private static current: DataPreviewPanel | undefined;
  private readonly page: PanelPage<typeof HostToPreview, typeof PreviewToHost>;
  /** The last payload shown, for tests and for a page that reloads. */
  shown: DataPreview | { failed: string } | null = null;

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, title: string): DataPreviewPanel {
    const p = (DataPreviewPanel.current ??= new DataPreviewPanel(extensionUri, log));
    p.panel.title = title;
    p.panel.reveal(undefined, true);
    return p;
  }

  private constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.page = new PanelPage(
      { extensionUri, log },
      {
        entry: 'preview',
        title: 'Data Preview',
        toPage: HostToPreview,
        fromPage: PreviewToHost,
        closed: 'the data preview was closed',
        viewType: 'modelLab.dataPreview',
        column: vscode.ViewColumn.Beside,
      },
    );
    this.page.track({ dispose: () => DataPreviewPanel.current === this && (DataPreviewPanel.current = undefined) });
  }

  get channel() {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
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
    this.page.dispose();
  }
}
