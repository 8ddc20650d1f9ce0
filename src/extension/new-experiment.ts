// "Model Lab: New Experiment": an untitled, commented example a person can train right away.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './command-ids';
import { EXAMPLE_EXPERIMENT } from './example-experiment';

export async function newExperiment(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: EXAMPLE_EXPERIMENT });
  return vscode.window.showTextDocument(document);
}
