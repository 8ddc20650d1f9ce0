// Generate: text sampled from a trained language model's newest finished run, asked for length,
// temperature and seed (Enter keeps the default), shown in a read-only virtual document.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { GENERATE_DEFAULTS, type GenerateOptions } from '../../engine/infer/generate';
import { generateFromRun } from '../../engine/infer/generate-run';
import { latestRun } from '../../export/onnx/sources';

export const GENERATED_SCHEME = 'modellab-generated';

/** Generated texts by path; the provider serves them, VS Code opens them read-only. */
export class GeneratedTexts implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;
  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: GENERATED_SCHEME, path: `/${name} ${++this.count}.txt` });
    this.texts.set(uri.path, text);
    return uri;
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }
}

/** The model's newest finished run next to `uri`'s experiment, or null. */
export function runForGenerate(uri: vscode.Uri, model: string): string | null {
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? join(uri.fsPath, '..');
  return latestRun(join(folder, '.modellab', 'runs'), uri.fsPath, model);
}

async function ask(prompt: string, value: number, int: boolean): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    prompt,
    value: String(value),
    validateInput: (s) => (Number.isFinite(Number(s)) && Number(s) >= 0 && (!int || Number.isInteger(Number(s))) ? null : 'a number >= 0'),
  });
  return text === undefined ? undefined : Number(text);
}

/** `options` given (a test, a script) skips the questions. */
export async function generateCommand(
  texts: GeneratedTexts,
  uri?: vscode.Uri,
  model?: string,
  options?: Partial<GenerateOptions>,
): Promise<vscode.Uri | undefined> {
  if (!uri || !model) {
    void vscode.window.showInformationMessage('Model Lab: use Generate above a trained language model.');
    return undefined;
  }
  const dir = runForGenerate(uri, model);
  if (!dir) {
    void vscode.window.showInformationMessage(`Model Lab: '${model}' has no finished run yet. Train it first (▶ Train).`);
    return undefined;
  }
  let o: GenerateOptions = { ...GENERATE_DEFAULTS, ...options };
  if (!options) {
    const length = await ask('Tokens to generate', o.length, true);
    const temperature = length === undefined ? undefined : await ask('Temperature (0: the most likely token)', o.temperature, false);
    const seed = temperature === undefined ? undefined : await ask('Seed', o.seed, true);
    if (seed === undefined) return undefined;
    o = { ...o, length: length!, temperature: temperature!, seed };
  }
  try {
    const { text } = await generateFromRun(dir, o);
    const doc = await vscode.workspace.openTextDocument(texts.add(model, text));
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc.uri;
  } catch (e) {
    void vscode.window.showErrorMessage(`Model Lab: Generate failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
