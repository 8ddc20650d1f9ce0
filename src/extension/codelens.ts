// ▶ Train above each `model` block. A line scan for now: the parser-backed lenses (summary,
// architecture, export, results) replace it when the language lands.
import * as vscode from 'vscode';
import { SETTINGS } from './command-ids';

const MODEL_LINE = /^\s*model\s+([A-Za-z_][\w-]*)/;

/** The models a document declares, with the line of each. */
export function modelDeclarations(document: vscode.TextDocument): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (let line = 0; line < document.lineCount; line++) {
    const match = MODEL_LINE.exec(document.lineAt(line).text);
    if (match) found.push({ name: match[1]!, line });
  }
  return found;
}

export class ModelCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Re-ask VS Code for lenses (a setting changed, a run finished). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('modelLab').get<boolean>(SETTINGS.codeLens, true)) return [];
    return modelDeclarations(document).map(
      ({ name, line }) =>
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: '▶ Train',
          tooltip: `Train model '${name}'`,
          command: 'modelLab.train',
          arguments: [document.uri, name],
        }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}
