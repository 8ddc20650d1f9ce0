// Problems in the data a block names (a missing file, a bad value, a path outside the workspace)
// as diagnostics on the block's `source:` line, in a collection of their own ('modelLab.data') so
// the language diagnostics never overwrite them. Checked on open, on save and on preview, not
// while typing: loading reads files.
import * as vscode from 'vscode';
import type { DataSpec } from '../../graph/data-spec';
import type { DataAnalysis } from '../../lang/resolve-data';
import { DataError } from '../../engine/data/host';
import { LANGUAGE_ID } from '../command-ids';
import type { AnalysisCache } from '../language/analysis-cache';
import { forgetDocument, rememberData } from './data-facts';
import { loadBlock } from './load-block';

export class DataDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('modelLab.data');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly analyses: AnalysisCache) {
    this.subscriptions = [
      vscode.workspace.onDidSaveTextDocument((d) => void this.refresh(d)),
      vscode.workspace.onDidOpenTextDocument((d) => void this.refresh(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        forgetDocument(d.uri.toString());
      }),
    ];
    for (const d of vscode.workspace.textDocuments) void this.refresh(d);
  }

  /** Loads every data block of the document and reports what fails. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    if (document.languageId !== LANGUAGE_ID || document.uri.scheme !== 'file') return;
    const found: vscode.Diagnostic[] = [];
    for (const data of this.analyses.get(document).data) {
      if (!data.spec || data.spec.source.kind === 'synthetic') continue;
      try {
        rememberData(document.uri.toString(), data.name, await loadBlock(document, data.spec));
      } catch (e) {
        found.push(this.diagnostic(document, data, e));
      }
    }
    this.collection.set(document.uri, found);
  }

  /** Replaces one block's diagnostic (after a preview loaded it, or failed to). */
  report(document: vscode.TextDocument, data: DataAnalysis, error: unknown | null): void {
    const others = (this.collection.get(document.uri) ?? []).filter((d) => !d.range.intersection(blockRange(data)));
    this.collection.set(document.uri, error === null ? others : [...others, this.diagnostic(document, data, error)]);
  }

  private diagnostic(document: vscode.TextDocument, data: DataAnalysis, e: unknown): vscode.Diagnostic {
    const message = e instanceof Error ? e.message : String(e);
    const d = new vscode.Diagnostic(sourceLine(document, data, e), `data ${data.name}: ${message}`, vscode.DiagnosticSeverity.Error);
    d.source = 'Model Lab data';
    d.code = e instanceof DataError ? 'data' : 'data-internal';
    return d;
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

const blockRange = (data: DataAnalysis): vscode.Range =>
  new vscode.Range(data.block.range.startLine, 0, data.block.range.endLine, Number.MAX_SAFE_INTEGER);

/** The `source:` (or `test:`) line that names the failing file, else the block's header. */
function sourceLine(document: vscode.TextDocument, data: DataAnalysis, e: unknown): vscode.Range {
  const file = e instanceof DataError ? e.file : undefined;
  const spec: DataSpec | null = data.spec;
  const key =
    file &&
    spec?.testSource &&
    JSON.stringify(spec.testSource).includes(JSON.stringify(file).slice(1, -1)) &&
    !JSON.stringify(spec.source).includes(JSON.stringify(file).slice(1, -1))
      ? 'test'
      : 'source';
  for (let l = data.block.range.startLine; l <= Math.min(data.block.range.endLine, document.lineCount - 1); l++) {
    const text = document.lineAt(l).text;
    const at = text.search(new RegExp(`^\\s*${key}\\s*:`));
    if (at >= 0) return new vscode.Range(l, text.length - text.trimStart().length, l, text.length);
  }
  const l = data.block.range.startLine;
  return new vscode.Range(l, 0, l, document.lineAt(l).text.length);
}
