// Export ▸ ONNX inside VS Code: a finished run exported from the Runs tree (as its context menu
// calls the command, with the tree node) and from the model's CodeLens (the document and the
// model: its newest finished run); the run folder gets model.onnx, checked against the engine.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExportOutcome } from '../../src/extension/export/export-model';
import { summariseOnnx } from '../../src/export/onnx/summary';
import { EXTENSION_ID, openFixture, trainedOnCpuBeforeAll } from './util';

describe('export to ONNX', () => {
  const trained = trainedOnCpuBeforeAll('export.mlab', 'small');

  it('the Runs tree offers Export on a finished run', () => {
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as {
      command: string;
      when: string;
    }[];
    const item = menus.find((m) => m.command === 'modelLab.export');
    assert.ok(item, 'modelLab.export in the run context menu');
    assert.match(item.when, /view == modelLab\.runs && viewItem == modelLab\.run\b/);
  });

  it('exports a finished run from its Runs tree node: model.onnx beside its weights, within 1e-4 of the engine', async function () {
    this.timeout(60_000);
    const dir = trained().runs[0]!.dir;
    const node = { kind: 'run', run: { dir } };
    const outcome = await vscode.commands.executeCommand<ExportOutcome>('modelLab.export', node);
    assert.ok(outcome, 'the export returned its outcome');
    const path = join(dir, 'model.onnx');
    assert.deepEqual(outcome.paths, [path]);
    assert.ok(existsSync(path) && existsSync(join(dir, 'weights.safetensors')));
    assert.ok(outcome.maxAbsDiff <= 1e-4, String(outcome.maxAbsDiff));
    assert.equal(outcome.samples, 16);
    assert.match(outcome.inputSource, /the val split of data blobs/);
    const s = summariseOnnx(readFileSync(path));
    assert.deepEqual(s.inputs[0]!.shape, ['batch', 2]);
    assert.ok(s.operators.has('BatchNormalization') && !s.operators.has('Dropout'));
  });

  it("exports from the model's CodeLens: its newest finished run", async function () {
    this.timeout(60_000);
    const document = await openFixture('export.mlab');
    const dir = trained().runs[0]!.dir;
    rmSync(join(dir, 'model.onnx'), { force: true });
    const outcome = await vscode.commands.executeCommand<ExportOutcome>('modelLab.export', document.uri, 'small');
    assert.equal(outcome?.runDir, dir);
    assert.ok(existsSync(join(dir, 'model.onnx')));
  });
});
