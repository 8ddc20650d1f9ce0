// Predict in a real VS Code: on a trained run without model.onnx the command exports it first,
// opens the page, whose onnxruntime-web (wasm, inside the webview) predicts on the fields'
// starting values (the training split's means); the probabilities are checked against
// onnxruntime-web in Node on the same input, and the input against the data's pre-processing.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PredictResult } from '../../src/extension/predict/predict-panel';
import { nodeOrt, runOnnx } from '../../src/export/onnx/ort-node';
import { softmax } from '../../src/export/predict/pixels';
import { EXTENSION_ID, trainedOnCpuBeforeAll } from './util';

describe('Predict', () => {
  const trained = trainedOnCpuBeforeAll('export.mlab', 'small');

  it('exports a run without model.onnx, runs it in the webview, and matches onnxruntime-web in Node', async function () {
    this.timeout(90_000);
    const dir = trained().runs[0]!.dir;
    assert.ok(!existsSync(join(dir, 'model.onnx')));
    const r = await vscode.commands.executeCommand<PredictResult | undefined>('modelLab.predict', { kind: 'run', run: { dir } });
    assert.ok(r, 'the page predicted');
    assert.ok(existsSync(join(dir, 'model.onnx')), 'exported first');
    assert.equal(r.input.length, 2);
    assert.equal(r.outputs.length, 3);
    // The test bundle lies in out/test: point Node's onnxruntime-web at the extension's own copy.
    nodeOrt().env.wasm.wasmPaths = `${join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'ort')}/`;
    const reference = softmax(await runOnnx(readFileSync(join(dir, 'model.onnx')), Float32Array.from(r.input), 1, [2]));
    r.outputs.forEach((p, i) => assert.ok(Math.abs(p - reference[i]!) < 1e-6, `class ${i}: ${p} vs ${reference[i]}`));
    const best = reference.indexOf(Math.max(...reference));
    assert.equal(r.top, String(best));
  });
});
