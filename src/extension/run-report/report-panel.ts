// The run report: one webview panel per run folder, reused when the run is opened again. The host
// computes everything (it has the files and the weights); the page only draws what it is sent.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type Payload } from '../../protocol/envelope';
import { HostToReport, ReportToHost, type ReportShow } from '../../protocol/report';
import { PanelPage } from '../pages/page';
import { Rendered } from '../pages/rendered';
import type { AttentionSource } from './attention';

export class ReportPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ReportPanel>();
  private readonly page: PanelPage<typeof HostToReport, typeof ReportToHost>;
  /** The last payload sent, for tests. */
  shown: ReportShow | { failed: string } | null = null;
  private readonly drawing = new Rendered<Payload<typeof ReportToHost, 'rendered'>>();
  /** Answers the attention selector of the report shown; replaced (and freed) with the next one. */
  private attention: AttentionSource | null = null;

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, dir: string, title: string): ReportPanel {
    let p = ReportPanel.panels.get(dir);
    if (p) {
      p.panel.title = title;
      p.panel.reveal(undefined, true);
    } else ReportPanel.panels.set(dir, (p = new ReportPanel(dir, extensionUri, log, title)));
    return p;
  }

  private constructor(
    readonly dir: string,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    title: string,
  ) {
    this.page = new PanelPage(
      { extensionUri, log },
      {
        entry: 'report',
        title,
        toPage: HostToReport,
        fromPage: ReportToHost,
        closed: 'the run report was closed',
        viewType: 'modelLab.runReport',
        column: { viewColumn: vscode.ViewColumn.Active },
        retainContextWhenHidden: true,
      },
    );
    this.page.track({ dispose: () => ReportPanel.panels.get(dir) === this && ReportPanel.panels.delete(dir) });
    this.page.track({ dispose: () => this.setAttention(null) });
    this.channel.handle('attention', ({ index }) => {
      if (!this.attention) throw new Error('this report has no attention maps');
      return this.attention.example(index);
    });
    this.channel.on('rendered', (r) => {
      this.drawing.set(r);
      if (r.error) log.error(`[report] drawing ${dir}: ${r.error}`);
    });
    this.channel.on('cancel', () => (this.cancelRequested = true));
    this.channel.on('openRecord', () => void vscode.window.showTextDocument(vscode.Uri.file(join(dir, 'record.jsonl'))));
  }

  get channel() {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  /** The page's Cancel button was pressed since the last `loading` without progress. */
  cancelRequested = false;

  loading(title: string, progress: number | null = null): void {
    if (progress === null) this.cancelRequested = false;
    this.shown = null;
    this.drawing.reset();
    this.channel.notify('loading', { title, progress });
  }

  /** The source of the attention examples the page asks for (null: none). */
  setAttention(source: AttentionSource | null): void {
    if (this.attention !== source) this.attention?.dispose();
    this.attention = source;
  }

  showReport(report: ReportShow): void {
    this.shown = report;
    this.drawing.reset();
    this.channel.notify('show', report);
  }

  showError(title: string, message: string): void {
    this.shown = { failed: message };
    this.drawing.reset();
    this.channel.notify('failed', { title, message });
  }

  /** Resolves with what the page drew for the payload last sent, or null if it says nothing within `ms`. */
  drawn(ms = 30_000): Promise<Payload<typeof ReportToHost, 'rendered'> | null> {
    return this.drawing.drawn(ms);
  }

  /** What the page said it drew for the last payload. */
  get rendered(): Payload<typeof ReportToHost, 'rendered'> | null {
    return this.drawing.current;
  }

  dispose(): void {
    this.page.dispose();
  }
}
