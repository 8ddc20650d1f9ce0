// Generate inside VS Code: a trained language model's CodeLens offers Generate, and the command
// opens a read-only virtual document with the sampled text (the same for the same seed).
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import { openFixture } from './util';

describe('generate text', () => {
  const config = () => vscode.workspace.getConfiguration();
  let trained: TrainResult;

  before(async function () {
    this.timeout(120_000);
    await config().update('modelLab.device', 'cpu', vscode.ConfigurationTarget.Workspace);
    const document = await openFixture('generate.mlab');
    trained = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'lm');
    assert.equal(trained.runs[0]?.status, 'completed', trained.runs[0]?.message);
  });

  after(async () => {
    await config().update('modelLab.device', undefined, vscode.ConfigurationTarget.Workspace);
    for (const r of trained?.runs ?? []) rmSync(r.dir, { recursive: true, force: true });
  });

  it('the trained model has a Generate lens; the command opens a read-only document with text', async function () {
    this.timeout(60_000);
    const document = await openFixture('generate.mlab');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const lens = lenses.find((l) => l.command?.command === 'modelLab.generate');
    assert.ok(lens, lenses.map((l) => l.command?.title).join(', '));
    const options = { length: 40, temperature: 0.8, seed: 3, prompt: 'the ' };
    const uri = await vscode.commands.executeCommand<vscode.Uri>('modelLab.generate', document.uri, 'lm', options);
    assert.ok(uri, 'the command returned the document');
    assert.equal(uri.scheme, 'modellab-generated');
    const shown = vscode.window.activeTextEditor!.document;
    assert.equal(shown.uri.toString(), uri.toString());
    assert.ok(shown.getText().startsWith('the ') && shown.getText().length > 30, shown.getText());
    // A content provider's document has no file system behind it: VS Code opens it read-only.
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem(uri.scheme), true, 'a generated document is read-only');
    assert.equal(shown.isUntitled, false);
    const again = await vscode.commands.executeCommand<vscode.Uri>('modelLab.generate', document.uri, 'lm', options);
    assert.equal((await vscode.workspace.openTextDocument(again)).getText(), shown.getText());
  });
});
