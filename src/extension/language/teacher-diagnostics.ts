// A distilled run's teacher that has not been trained yet, as a warning on its `teacher:` line, in
// a collection of its own (the language diagnostics never overwrite it). Checked on open and on
// save, not while typing: it reads the workspace's runs.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { untrainedTeachers } from '../../cli/teacher';
import { LANGUAGE_ID } from '../command-ids';
import type { AnalysisCache } from './analysis-cache';

export class TeacherDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('modelLab.teacher');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly analyses: AnalysisCache) {
    this.subscriptions = [
      vscode.workspace.onDidSaveTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  refresh(document: vscode.TextDocument): void {
    if (document.languageId !== LANGUAGE_ID || document.uri.scheme !== 'file') return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
    const found = untrainedTeachers(this.analyses.get(document), document.uri.fsPath, join(folder, '.modellab', 'runs')).map((p) => {
      const r = p.range;
      const d = new vscode.Diagnostic(
        new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol),
        p.message,
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'Model Lab';
      d.code = 'teacher';
      return d;
    });
    this.collection.set(document.uri, found);
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
