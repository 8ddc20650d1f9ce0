import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';

export const EXTENSION_ID = 'model-lab.model-lab';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Poll until `probe` returns a value (not undefined), or fail after `ms`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Trains `model` of a fixture on the CPU once before the suite (modelLab.device cpu, reset after,
 *  its run folders removed); the suite reads the result through the returned getter. */
export function trainedOnCpuBeforeAll(fixture: string, model: string): () => TrainResult {
  const config = () => vscode.workspace.getConfiguration();
  let trained: TrainResult | undefined;
  before(async function () {
    this.timeout(120_000);
    await config().update('modelLab.device', 'cpu', vscode.ConfigurationTarget.Workspace);
    const document = await openFixture(fixture);
    trained = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, model);
    assert.equal(trained.runs[0]?.status, 'completed', trained.runs[0]?.message);
  });
  after(async () => {
    await config().update('modelLab.device', undefined, vscode.ConfigurationTarget.Workspace);
    for (const r of trained?.runs ?? []) rmSync(r.dir, { recursive: true, force: true });
  });
  return () => trained!;
}
