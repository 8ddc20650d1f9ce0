// The compression report panel: one per experiment file, reused when the report is asked again.
// The host computes the rows (exports, onnxruntime timings) and quantizes runs; the page draws them.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type Payload } from '../../protocol/envelope';
import { CompressShow, CompressToHost, HostToCompress, QuantizeStatus } from '../../protocol/compress';
import { PanelPage } from '../pages/page';
import { Rendered } from '../pages/rendered';

/** What the page's buttons ask of the host. */
export interface CompressActions {
  readonly refresh: () => void;
  /** A float row's Quantize (int8), for its run folder. */
  readonly quantize: (run: string) => void;
}

type Drawn = Payload<typeof CompressToHost, 'rendered'>;

export class CompressPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, CompressPanel>();
  private readonly page: PanelPage<typeof HostToCompress, typeof CompressToHost>;
  private readonly drawing = new Rendered<Drawn>();
  private actions: CompressActions = { refresh: () => undefined, quantize: () => undefined };

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, file: string, actions: CompressActions): CompressPanel {
    let p = CompressPanel.panels.get(file);
    if (p) p.panel.reveal(undefined, true);
    else CompressPanel.panels.set(file, (p = new CompressPanel(file, extensionUri, log)));
    p.actions = actions;
    return p;
  }

  /** The open panel of an experiment file, if any (a Quantize from the Runs tree reports there too). */
  static of(file: string): CompressPanel | undefined {
    return CompressPanel.panels.get(file);
  }

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
    this.channel.on('rendered', (r) => this.drawing.set(r));
    this.channel.on('refresh', () => this.actions.refresh());
    this.channel.on('quantize', ({ run }) => this.actions.quantize(run));
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

  /** What the page said it drew for the last payload (the tests read it). */
  get rendered(): Drawn | null {
    return this.drawing.current;
  }

  loading(title: string, progress: number | null): void {
    this.drawing.reset();
    this.channel.notify('loading', { title, progress });
  }

  showRows(show: CompressShow): void {
    CompressShow.parse(show); // our own payload: a broken one fails here, with its reason
    this.drawing.reset();
    this.channel.notify('show', show);
  }

  showError(title: string, message: string): void {
    this.drawing.reset();
    this.channel.notify('failed', { title, message });
  }

  /** Where a run's int8 quantization stands, above the table (the table itself stays). */
  quantizeStatus(status: QuantizeStatus): void {
    QuantizeStatus.parse(status);
    this.channel.notify('quantize', status);
  }

  /** Resolves with what the page drew for the payload last sent, or null if it says nothing within `ms`. */
  drawn(ms = 30_000): Promise<Drawn | null> {
    return this.drawing.drawn(ms);
  }

  dispose(): void {
    this.page.dispose();
  }
}
