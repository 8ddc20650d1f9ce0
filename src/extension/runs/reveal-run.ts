// Reveal Run: selects a run's folder in the Explorer. A folder that files.exclude hides (say
// `**/.modellab`) cannot be revealed there; its record opens in the editor instead, and the
// message says why.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { runDirOf, type RunRef } from './run-ref';

/** What the command resolves to (the tests read it). */
export interface RevealResult {
  readonly dir: string;
  /** False when the Explorer cannot show the folder (excluded, or outside the workspace): the record was opened instead. */
  readonly revealed: boolean;
}

export async function revealRun(target?: RunRef): Promise<RevealResult | undefined> {
  const dir = runDirOf(target);
  if (!dir) {
    void vscode.window.showInformationMessage('Model Lab: pick a run in the Runs tree to reveal it.');
    return undefined;
  }
  const record = vscode.Uri.file(join(dir, 'record.jsonl'));
  if (!existsSync(record.fsPath)) {
    void vscode.window.showErrorMessage(`Model Lab: ${vscode.workspace.asRelativePath(dir)} has no record.jsonl any more.`);
    return undefined;
  }
  if (await hiddenFromExplorer(record)) {
    await vscode.window.showTextDocument(record);
    void vscode.window.showInformationMessage(
      `Model Lab: the Explorer hides ${vscode.workspace.asRelativePath(dir)} (see the files.exclude setting); its record is open instead.`,
    );
    return { dir, revealed: false };
  }
  await vscode.commands.executeCommand('revealInExplorer', record);
  return { dir, revealed: true };
}

/** findFiles applies files.exclude (and nothing else) when given no exclude of its own: a file it cannot find, the Explorer does not show. */
async function hiddenFromExplorer(file: vscode.Uri): Promise<boolean> {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  if (!folder) return true;
  // Searched from the workspace folder: the exclude patterns match paths relative to the folder searched.
  const path = relative(folder.uri.fsPath, file.fsPath)
    .split(sep)
    .join('/')
    .replace(/[[\]{}*?]/g, '[$&]');
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, path), undefined, 1);
  return found.length === 0;
}
