// Helpers of the language-feature suites: run VS Code's provider commands and edit documents.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { workspaceFile } from './util';

export async function lensesOf(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
}

/** [line, title, model argument] of each model lens, in the order VS Code shows them (the data blocks' Preview lenses: preview.test.ts). */
export async function lensRows(document: vscode.TextDocument): Promise<[number, string, unknown][]> {
  return (await lensesOf(document))
    .filter((l) => l.command?.command !== 'modelLab.previewData')
    .map((l) => [l.range.start.line, l.command?.title ?? '', l.command?.arguments?.[1]]);
}

export async function hoverText(document: vscode.TextDocument, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    new vscode.Position(line, character),
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export async function inlayLabels(document: vscode.TextDocument): Promise<[number, string][]> {
  const all = new vscode.Range(0, 0, document.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, all);
  return hints.map((h) => [h.position.line, typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')]);
}

/** Replace the first `from` on `line` with `to`, through a WorkspaceEdit as an edit of the person would. */
export async function replaceOnLine(document: vscode.TextDocument, line: number, from: string, to: string): Promise<void> {
  const col = document.lineAt(line).text.indexOf(from);
  assert.ok(col >= 0, `line ${line} holds '${from}'`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(line, col, line, col + from.length), to);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

/**
 * An untitled copy of a fixture, for tests that edit: the web workbench auto-saves files after a
 * second by default (files.autoSave afterDelay), which would write the edits into the fixtures.
 */
export async function openCopy(name: string): Promise<vscode.TextDocument> {
  const bytes = await vscode.workspace.fs.readFile(workspaceFile(name));
  const document = await vscode.workspace.openTextDocument({ language: 'mlab', content: new TextDecoder().decode(bytes) });
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Close an edited copy without a save prompt, and wait until the extension host has let go of it:
 * the next untitled document reuses its name, and while the host still holds the old one,
 * openTextDocument hands that back instead (seen as another file's lenses under load).
 */
export async function closeCopy(document: vscode.TextDocument): Promise<void> {
  let sub: vscode.Disposable | undefined;
  const closed = new Promise<void>((resolve) => (sub = vscode.workspace.onDidCloseTextDocument((d) => d === document && resolve())));
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
  sub?.dispose();
}

export function diagnosticsOf(document: vscode.TextDocument): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(document.uri);
}
