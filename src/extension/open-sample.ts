// "Model Lab: Open Sample": copies a sample experiment shipped with the extension (samples/), with
// the data files it names, into the open folder and opens it, so the walkthrough's first step
// works anywhere. In an empty window the copy goes to the extension's global storage, a real
// folder, so that training can write its runs beside it. An existing copy is opened, never replaced.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { copySample } from './templates/copy-sample';

export const DEFAULT_SAMPLE = 'moons.mlab';

export async function openSample(context: vscode.ExtensionContext, name?: string): Promise<vscode.TextEditor | undefined> {
  const samples = join(context.extensionUri.fsPath, 'samples');
  const sample = name ?? (await pickSample(samples));
  if (!sample) return undefined;
  if (!/^[\w-]+\.mlab$/.test(sample) || !existsSync(join(samples, sample))) {
    void vscode.window.showWarningMessage(`Model Lab: no sample '${sample}'.`);
    return undefined;
  }
  const target = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? join(context.globalStorageUri.fsPath, 'samples');
  copySample(samples, sample, target);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(target, sample)));
  return vscode.window.showTextDocument(document);
}

async function pickSample(samples: string): Promise<string | undefined> {
  // The default first (it trains in seconds), then the rest by name.
  const names = readdirSync(samples)
    .filter((f) => f.endsWith('.mlab'))
    .sort((a, b) => Number(b === DEFAULT_SAMPLE) - Number(a === DEFAULT_SAMPLE) || a.localeCompare(b));
  const items = names.map((f) => ({ label: f, description: firstComment(join(samples, f)) }));
  return (await vscode.window.showQuickPick(items, { title: 'Open Sample', placeHolder: 'A sample experiment to copy into this folder' }))
    ?.label;
}

function firstComment(path: string): string {
  return /^#\s*(.*)$/m.exec(readFileSync(path, 'utf8'))?.[1] ?? '';
}
