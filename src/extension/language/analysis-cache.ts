// One analysis per document version, shared by every language feature: diagnostics, hover, inlay
// hints, completion, lenses and the outline all read the same parse instead of re-parsing.
import * as vscode from 'vscode';
import { analyze, type Analysis } from '../../lang';
import { LANGUAGE_ID } from '../command-ids';

interface Entry {
  /** A closed untitled document's URI comes back for the next one, at version 1 again: the
   *  document object tells them apart (its close event may arrive after the new one opened). */
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly analysis: Analysis;
}

export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.document === document && hit.version === document.version) return hit.analysis;
    const analysis = analyze(document.getText());
    this.entries.set(key, { document, version: document.version, analysis });
    return analysis;
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  dispose(): void {
    this.entries.clear();
  }
}

export function isExperiment(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}
