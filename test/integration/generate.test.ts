// Generate inside VS Code: a trained language model's CodeLens offers Generate, and the command
// opens a read-only virtual document with the sampled text (the same for the same seed). The run
// trained from the editor records a sample after its epoch; its report maps attention and lists it.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import type { ReportResult } from '../../src/extension/run-report';
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

  it('the editor run recorded a sample after its epoch; the report maps attention and lists the sample', async function () {
    this.timeout(60_000);
    const dir = trained.runs[0]!.dir;
    const lines = readFileSync(join(dir, 'record.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; epoch?: number; ids?: number[]; text?: string });
    const samples = lines.filter((l) => l.type === 'sample');
    assert.deepEqual(
      samples.map((s) => [s.epoch, s.ids?.length]),
      [[1, 33]],
      'one sample of 32 tokens after the prompt',
    );
    assert.ok(typeof samples[0]!.text === 'string' && samples[0]!.text.length > 0);
    const report = await vscode.commands.executeCommand<ReportResult>('modelLab.showRunReport', dir);
    assert.ok(!('error' in report), 'error' in report ? report.error : '');
    assert.equal(report.attentionLayers, 1);
    assert.equal(report.samples, 1);
    assert.equal(report.drawError, null);
    assert.ok(report.drawn?.includes('attention-section') && report.drawn.includes('samples-section'), String(report.drawn));
  });
});
