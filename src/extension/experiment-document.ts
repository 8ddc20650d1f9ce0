// The experiment a command acts on: the one it was given (a CodeLens passes its document), or the
// active editor's. Anything else gets a clear message instead of an error.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './command-ids';

export async function experimentDocument(uri: vscode.Uri | undefined, purpose: string): Promise<vscode.TextDocument | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (document?.languageId === LANGUAGE_ID) return document;
  void vscode.window.showWarningMessage(`Model Lab: open an experiment file (*.mlab) to ${purpose}.`);
  return undefined;
}
