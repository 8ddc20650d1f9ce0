// Predict: a trained run's model.onnx (exported first when the run has none) run by
// onnxruntime-web inside the page, on what a person draws, drops or types, pre-processed as
// training did (the run record's data block and statistics: src/export/predict/input.ts).
// One panel, reused; the command resolves with the page's first prediction (tests read it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DataStats } from '../../engine/data/stats';
import type { TokenizerJson } from '../../engine/data/tokenizers/types';
import { readRunRecord } from '../../engine/io/read-record';
import { loadTokenizer } from '../../engine/io/tokenizer-file';
import type { Graph } from '../../graph/ir';
import { ONNX_FILE } from '../../export/onnx/sources';
import { predictSpec } from '../../export/predict/input';
import { HostToPredict, PredictToHost } from '../../protocol/predict';
import { PanelPage } from '../pages/page';
import { runDirOf, type RunRef } from '../runs/run-ref';

export interface PredictResult {
  readonly runDir: string;
  readonly input: number[];
  readonly outputs: number[];
  readonly top: string;
  /** A language model's generated text. */
  readonly text?: string;
}

type Export = (target: RunRef) => Promise<unknown>;

export async function predict(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  exportRun: Export,
  target?: RunRef,
): Promise<PredictResult | undefined> {
  const runDir = runDirOf(target);
  if (!runDir) {
    void vscode.window.showInformationMessage('Model Lab: pick a finished run in the Runs tree to try its model in Predict.');
    return undefined;
  }
  const onnx = join(runDir, ONNX_FILE);
  if (!existsSync(onnx)) await exportRun(runDir);
  if (!existsSync(onnx)) return undefined; // the export said why
  const start = readRunRecord(runDir).start;
  if (!start.data || !start.dataStats) {
    void vscode.window.showErrorMessage('Model Lab: this run record has no data statistics (an older record): Predict cannot pre-process.');
    return undefined;
  }
  const stats = start.dataStats as DataStats;
  const graph = start.graph as Graph | undefined;
  const text =
    stats.kind === 'text' ? { tokenizer: runTokenizer(runDir), outputShape: graph?.nodes[graph.output]?.shape ?? [] } : undefined;
  const spec = predictSpec(start.data, stats, text);
  const page = PredictPanel.show(extensionUri, log);
  const wasmUrl = page.panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'ort', 'ort-wasm-simd-threaded.wasm'));
  const title = `Predict · ${start.model ?? runDir}`;
  page.panel.title = title;
  return page.show(runDir, {
    title,
    spec,
    modelShape: [...stats.inputShape],
    model: readFileSync(onnx).toString('base64'),
    wasmUrl: wasmUrl.toString(),
  });
}

/** The run's stored tokenizer (tokenizer.json, else the record's), or null when it kept none. */
function runTokenizer(runDir: string): TokenizerJson | null {
  try {
    return loadTokenizer(runDir).toJSON();
  } catch {
    return null;
  }
}

class PredictPanel {
  private static current: PredictPanel | undefined;
  private readonly page: PanelPage<typeof HostToPredict, typeof PredictToHost>;
  private waiting: ((r: PredictResult | undefined) => void) | null = null;
  private runDir = '';

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): PredictPanel {
    const p = (PredictPanel.current ??= new PredictPanel(extensionUri, log));
    p.panel.reveal(undefined, true);
    return p;
  }

  private constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.page = new PanelPage(
      { extensionUri, log },
      {
        entry: 'predict',
        title: 'Predict',
        toPage: HostToPredict,
        fromPage: PredictToHost,
        closed: 'the Predict panel was closed',
        viewType: 'modelLab.predict',
        column: vscode.ViewColumn.Beside,
        wasm: true,
        retainContextWhenHidden: true,
      },
    );
    this.page.track({ dispose: () => PredictPanel.current === this && (PredictPanel.current = undefined) });
    this.page.track({ dispose: () => this.settle(undefined) });
    this.page.channel.on('predicted', (p) => this.settle({ runDir: this.runDir, ...p }));
    // A language model's page predicts nothing until Generate: its first text settles the command.
    this.page.channel.on('generated', ({ text }) => this.settle({ runDir: this.runDir, input: [], outputs: [], top: '', text }));
    this.page.channel.on('failed', ({ message }) => {
      log.error(`[predict] ${message}`);
      void vscode.window.showErrorMessage(`Model Lab: Predict failed: ${message}`);
      this.settle(undefined);
    });
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  show(runDir: string, payload: Parameters<typeof this.page.channel.notify<'show'>>[1]): Promise<PredictResult | undefined> {
    this.settle(undefined);
    this.runDir = runDir;
    const first = new Promise<PredictResult | undefined>((resolve) => (this.waiting = resolve));
    this.page.channel.notify('show', payload);
    return first;
  }

  private settle(r: PredictResult | undefined): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(r);
  }
}
