// Diagnostics as the person types: analysed once the typing pauses (debounced per document, so a
// burst of keystrokes costs one analysis), published at once on open, cleared on close.
import * as vscode from 'vscode';
import { isExperiment, type AnalysisCache } from './analysis-cache';
import { toRange, toSeverity } from './convert';

export const DIAGNOSTIC_SOURCE = 'Model Lab';
const DEBOUNCE_MS = 250;
/** Old versions shown in diff views: their problems are not the person's to fix now. */
const NO_DIAGNOSTICS_SCHEMES = new Set(['git', 'vscode-scm', 'review']);

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlab');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly analyses: AnalysisCache) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.publish(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
    ];
    for (const document of vscode.workspace.textDocuments) this.publish(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!wanted(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.publish(document);
      }, DEBOUNCE_MS),
    );
  }

  private publish(document: vscode.TextDocument): void {
    if (!wanted(document)) return;
    const diagnostics = this.analyses.get(document).diagnostics.map((d) => {
      const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, toSeverity(d.severity));
      diagnostic.source = DIAGNOSTIC_SOURCE;
      if (d.code) diagnostic.code = d.code;
      return diagnostic;
    });
    this.collection.set(document.uri, diagnostics);
  }

  private clear(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(document.uri);
    this.analyses.forget(document.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

function wanted(document: vscode.TextDocument): boolean {
  return isExperiment(document) && !NO_DIAGNOSTICS_SCHEMES.has(document.uri.scheme);
}
