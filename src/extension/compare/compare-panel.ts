// The Compare panel: one at a time, re-used for each new selection of runs. Clicking a run's
// column header opens its record (an int8 variant's: its quantization.json).
import * as vscode from 'vscode';
import { CompareToHost, HostToCompare, type CompareShow } from '../../protocol/compare';
import { PanelPage } from '../pages/page';

export class ComparePanel implements vscode.Disposable {
  private static current: ComparePanel | undefined;
  private readonly page: PanelPage<typeof HostToCompare, typeof CompareToHost>;
  /** Run id -> the file its header opens, for the columns shown now. */
  private files = new Map<string, string>();

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, show: CompareShow, files: readonly string[]): ComparePanel {
    let p = ComparePanel.current;
    if (p) p.panel.reveal(undefined, false);
    else ComparePanel.current = p = new ComparePanel(extensionUri, log);
    p.files = new Map(show.runs.map((r, i) => [r.runId, files[i]!]));
    p.panel.title = `Compare · ${show.runs.length} runs`;
    p.channel.notify('show', show);
    return p;
  }

  private constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.page = new PanelPage(
      { extensionUri, log },
      {
        entry: 'compare',
        title: 'Compare Runs',
        toPage: HostToCompare,
        fromPage: CompareToHost,
        closed: 'the compare panel was closed',
        viewType: 'modelLab.compare',
        column: vscode.ViewColumn.Active,
        retainContextWhenHidden: true,
      },
    );
    this.page.track({ dispose: () => ComparePanel.current === this && (ComparePanel.current = undefined) });
    this.channel.on('openRecord', ({ runId }) => {
      const file = this.files.get(runId);
      if (file) void vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside });
    });
  }

  get channel() {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  dispose(): void {
    this.page.dispose();
  }
}
