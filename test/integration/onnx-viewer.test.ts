// The ONNX viewer in a real VS Code: opening a .onnx file (as a double-click does) opens the
// custom read-only editor, and the command resolves once its page has drawn the file. The file
// is PyTorch's own export (scripts/torch-onnx-fixture.py), a model from another tool.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { OnnxViewResult } from '../../src/extension/onnx-viewer/onnx-editor';
import { eventually, workspaceFile } from './util';

const viewerTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'modelLab.onnxViewer');

describe('ONNX viewer', () => {
  const file = workspaceFile('onnx/torch-cnn.onnx');

  it("opens PyTorch's export in the viewer by default, and draws its graph and tables", async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('vscode.open', file);
    const tab = await eventually(() => viewerTabs()[0], 'an ONNX viewer tab');
    assert.equal((tab.input as vscode.TabInputCustom).uri.fsPath, file.fsPath);
    const drawn = await vscode.commands.executeCommand<OnnxViewResult | undefined>('modelLab.openOnnxViewer', file);
    // input + Conv, Relu, MaxPool, Flatten, Gemm; five operators, all standard.
    assert.deepEqual(drawn, { file: file.fsPath, nodes: 6, operators: 5, unknown: 0 });
    assert.equal(viewerTabs().length, 1, 'the open viewer is reused');
  });

  after(async () => {
    for (const t of viewerTabs()) await vscode.window.tabGroups.close(t);
  });
});
