import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import { eventually, openFixture } from './util';

describe('trainer panel', () => {
  it('opens from the Train lens, completes the handshake and reports its compute', async () => {
    const document = await openFixture('two-models.mlab');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const lens = lenses.find((l) => l.command?.command === 'modelLab.train' && l.command.arguments?.[1] === 'wide');
    assert.ok(lens?.command, 'the lens for model "wide"');
    const result = await vscode.commands.executeCommand<TrainResult | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.ok(result, 'the Train command resolves once the page answered');
    assert.equal(result.model, 'wide');
    console.log(`      compute reported by the trainer page: ${JSON.stringify(result.compute)}`);
    assert.ok(['webgpu', 'cpu'].includes(result.compute.backend));
    if (result.compute.backend === 'cpu') assert.ok(result.compute.reason, 'the CPU choice comes with a reason');
    else assert.ok(result.compute.adapter, 'a WebGPU choice names its adapter');
    if (process.env.MODEL_LAB_EXPECT_WEBGPU === '1') assert.equal(result.compute.backend, 'webgpu', `expected WebGPU, got: ${result.compute.reason}`);
    await eventually(
      () => (vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Train · wide') ? true : undefined),
      'a tab titled "Train · wide"',
    );
  });

  it('reuses the panel for the next model', async () => {
    const document = await openFixture('two-models.mlab');
    const result = await vscode.commands.executeCommand<TrainResult | undefined>('modelLab.train', document.uri, 'small');
    assert.equal(result?.model, 'small');
    const trainerTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Train · '));
    await eventually(() => (trainerTabs()[0]?.label === 'Train · small' ? true : undefined), 'the panel to be retitled');
    assert.equal(trainerTabs().length, 1, 'one trainer panel, reused');
  });
});
