// One architecture panel per (document, model), reused when the lens is clicked again. It keeps
// itself current: edits re-send the diagram (debounced), cursor moves in that document highlight
// the layer's node, a click on a node reveals its line, and Export writes the page's SVG. While
// the model trains its layer statistics go to the panel (also to one opened during the run); once
// the run ends they stay, greyed, until the model's layers change.
import * as vscode from 'vscode';
import { buildDiagram, layerAt } from '../../diagram/model';
import type { LayerInfo } from '../../graph/ir';
import type { Analysis } from '../../lang';
import { DiagramToHost, HostToDiagram, type DiagramShow } from '../../protocol/diagram';
import { type LayerStatsWire } from '../../protocol/runs';
import { PanelPage } from '../pages/page';

const DEBOUNCE_MS = 300;

export interface DiagramRun {
  readonly runId: string;
  readonly live: boolean;
  readonly stats: LayerStatsWire;
}

/** What a panel last sent and was told about statistics (tests read it through the command). */
export interface StatsReport {
  readonly runId: string;
  readonly live: boolean;
  readonly step: number;
  /** Layers the statistics were sent for. */
  readonly layers: readonly number[];
  /** How many nodes the page said show them (null until it says). */
  readonly shownNodes: number | null;
}

interface StatsEntry {
  readonly run: DiagramRun;
  readonly layers: string;
}

const panelKey = (document: vscode.Uri, model: string) => `${document.toString()}#${model}`;
/** Which model the statistics belong to: layer indexes only mean the same layers while this matches. */
const layersKey = (layers: readonly LayerInfo[]) => layers.map((l) => `${l.label} [${l.outputShape.join(', ')}]`).join('\n');

export class DiagramPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, DiagramPanel>();
  /** The latest statistics of each (document, model) that trains now, with the layers they were measured on. */
  private static readonly live = new Map<string, StatsEntry>();
  private readonly page: PanelPage<typeof HostToDiagram, typeof DiagramToHost>;
  /** The last payload sent, for tests. */
  shown: DiagramShow | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sentRun: DiagramRun | null = null;
  /** This panel's run statistics: the live run's, then the last run's. */
  private statsEntry: StatsEntry | null;
  private shownNodes: { runId: string; step: number; nodes: number } | null = null;

  static show(
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    analyze: (d: vscode.TextDocument) => Analysis,
    document: vscode.TextDocument,
    model: string,
  ): DiagramPanel {
    const key = panelKey(document.uri, model);
    let p = DiagramPanel.panels.get(key);
    if (p) p.panel.reveal(undefined, true);
    else DiagramPanel.panels.set(key, (p = new DiagramPanel(key, extensionUri, log, analyze, document, model)));
    return p; // the caller sends the diagram
  }

  /** A snapshot of a run's layer statistics, measured on `layers` (the trained graph's). */
  static runStats(document: vscode.Uri, model: string, runId: string, stats: LayerStatsWire, layers: readonly LayerInfo[]): void {
    const key = panelKey(document, model);
    const entry = { run: { runId, live: true, stats }, layers: layersKey(layers) };
    DiagramPanel.live.set(key, entry);
    DiagramPanel.panels.get(key)?.takeStats(entry);
  }

  /** The run ended: its last statistics stay, shown as the last run's. */
  static runEnded(document: vscode.Uri, model: string, runId: string): void {
    const key = panelKey(document, model),
      entry = DiagramPanel.live.get(key);
    if (entry?.run.runId !== runId) return;
    DiagramPanel.live.delete(key);
    DiagramPanel.panels.get(key)?.takeStats({ ...entry, run: { ...entry.run, live: false } });
  }

  private constructor(
    key: string,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly analyze: (d: vscode.TextDocument) => Analysis,
    private readonly document: vscode.TextDocument,
    private readonly model: string,
  ) {
    this.page = new PanelPage(
      { extensionUri, log },
      {
        entry: 'diagram',
        title: `Architecture · ${model}`,
        toPage: HostToDiagram,
        fromPage: DiagramToHost,
        closed: 'the architecture panel was closed',
        viewType: 'modelLab.architecture',
        column: { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      },
    );
    this.statsEntry = DiagramPanel.live.get(key) ?? null; // opened while the model trains
    const same = (d: vscode.TextDocument) => d.uri.toString() === document.uri.toString();
    this.page.track(
      { dispose: () => clearTimeout(this.timer) },
      { dispose: () => DiagramPanel.panels.get(key) === this && DiagramPanel.panels.delete(key) },
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!same(e.document)) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.send(), DEBOUNCE_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (same(e.textEditor.document)) this.highlight(e.selections[0]?.active);
      }),
    );
    this.channel.on('reveal', ({ line }) => void this.reveal(line));
    this.channel.on('statsShown', (m) => (this.shownNodes = m));
    // A hidden panel's page is dropped and loads again when shown: send it everything again.
    let loaded = false;
    this.channel.onPeerReady(() => {
      if (loaded) this.send();
      loaded = true;
    });
    this.channel.handle('saveSvg', ({ svg }) => this.saveSvg(svg));
  }

  get channel() {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  /** Builds the diagram from the current text and sends it; returns the number of nodes sent. */
  send(): number {
    const analysis = this.analyze(this.document);
    const model = analysis.models.find((m) => m.name === this.model);
    if (!model) {
      this.post({ diagram: null, totalParams: null, problem: `There is no model '${this.model}' in ${this.fileName} any more.` });
      return 0;
    }
    const block = model.block.range;
    const firstError = analysis.diagnostics.find(
      (d) => d.severity === 'error' && d.range.startLine >= block.startLine && d.range.startLine <= block.endLine,
    );
    const problem = firstError
      ? `The model has errors; the diagram shows the layers before the first one (line ${firstError.range.startLine + 1}: ${firstError.message}).`
      : null;
    const diagram = buildDiagram(model.name, model.inputShape, model.layers, model.inputKind);
    this.post({
      diagram: model.layers.length > 0 || model.inputShape ? diagram : null,
      totalParams: model.graph?.totals.params ?? null,
      problem,
    });
    this.sendStats(model.layers);
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.uri.toString() === this.document.uri.toString()) this.highlight(editor.selection.active);
    return diagram.nodes.length;
  }

  /** Sends the stored statistics when they fit the model's current layers, else clears the page's. */
  private takeStats(entry: StatsEntry): void {
    this.statsEntry = entry;
    this.sendStats();
  }

  private sendStats(layers = this.analyze(this.document).models.find((m) => m.name === this.model)?.layers): void {
    const entry = this.statsEntry;
    const run = entry && layers && entry.layers === layersKey(layers) ? entry.run : null;
    if (run === null && this.sentRun === null) return;
    this.sentRun = run;
    this.channel.notify('stats', { run });
  }

  /** The statistics this panel was sent last, and what the page said it drew (undefined: none). */
  get statsReport(): StatsReport | undefined {
    const run = this.sentRun;
    if (!run) return undefined;
    // While a run is live its snapshots can outpace the page's answers (a host CPU run sends a new
    // one before the last was drawn): the page's latest drawing of the same run counts. An ended
    // run's last snapshot must itself have been drawn.
    const acked = this.shownNodes?.runId === run.runId ? this.shownNodes : null;
    const shown = acked && (run.live || acked.step === run.stats.step) ? acked.nodes : null;
    return { runId: run.runId, live: run.live, step: run.stats.step, layers: run.stats.layers.map((l) => l.layer), shownNodes: shown };
  }

  private get fileName(): string {
    return this.document.uri.path.split('/').pop() ?? 'the file';
  }

  private post(show: DiagramShow): void {
    this.shown = show;
    this.channel.notify('show', show);
  }

  private highlight(position: vscode.Position | undefined): void {
    const model = this.analyze(this.document).models.find((m) => m.name === this.model);
    const layerIndex = model && position ? layerAt(model.layers, position.line, position.character) : -1;
    this.channel.notify('highlight', { layerIndex });
  }

  private async reveal(line: number): Promise<void> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.uri.toString());
    const text = this.document.lineAt(Math.min(line, this.document.lineCount - 1));
    const range = new vscode.Range(
      text.lineNumber,
      text.firstNonWhitespaceCharacterIndex,
      text.lineNumber,
      text.firstNonWhitespaceCharacterIndex,
    );
    const editor = await vscode.window.showTextDocument(this.document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async saveSvg(svg: string): Promise<{ saved: boolean; path: string | null }> {
    const defaultUri = vscode.Uri.joinPath(this.document.uri, '..', `${this.model}-architecture.svg`);
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: { SVG: ['svg'] }, title: 'Export the architecture diagram' });
    if (!target) return { saved: false, path: null };
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    this.log.info(`architecture of '${this.model}' exported to ${target.toString(true)}`);
    return { saved: true, path: target.toString(true) };
  }

  dispose(): void {
    this.page.dispose();
  }
}
