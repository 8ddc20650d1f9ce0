// The trainer panel: the Train lens opens it, the handshake reports the compute, the panel is
// reused, and the run it makes is checked where it lands (the result, the record on disk).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    assert.deepEqual(result.runs, [], '"wide" has no train block in two-models.mlab: nothing trains');
    console.log(`      compute reported by the trainer page: ${JSON.stringify(result.compute)}`);
    assert.ok(['webgpu', 'cpu'].includes(result.compute.backend));
    if (result.compute.backend === 'cpu') assert.ok(result.compute.reason, 'the CPU choice comes with a reason');
    else assert.ok(result.compute.adapter, 'a WebGPU choice names its adapter');
    // CI's page must find a WebGPU adapter (SwiftShader); `auto` then trains on the CPU, which is
    // faster than a software adapter, and keeps the adapter it passed over.
    if (process.env.MODEL_LAB_EXPECT_WEBGPU === '1')
      assert.ok(result.compute.adapter, `expected a WebGPU adapter, got: ${result.compute.reason}`);
    await eventually(
      () => (vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Train · wide') ? true : undefined),
      'a tab titled "Train · wide"',
    );
  });

  it('reuses the panel for the next model', async () => {
    const document = await openFixture('two-models.mlab');
    const result = await vscode.commands.executeCommand<TrainResult | undefined>('modelLab.train', document.uri, 'small');
    assert.equal(result?.model, 'small');
    assertTrainedSmall(result);
    const trainerTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Train · '));
    await eventually(() => (trainerTabs()[0]?.label === 'Train · small' ? true : undefined), 'the panel to be retitled');
    assert.equal(trainerTabs().length, 1, 'one trainer panel, reused');
  });
});

/** two-models.mlab trains "small" on 160 moons for 5 epochs: the run completes, its record says so. */
function assertTrainedSmall(result: TrainResult | undefined): void {
  assert.equal(result?.runs.length, 1, 'one run for the one train block');
  const run = result.runs[0]!;
  assert.equal(run.status, 'completed', run.message);
  assert.equal(run.epochs, 5);
  const file = join(run.dir, 'record.jsonl');
  assert.ok(existsSync(file), `the record at ${file}`);
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual([lines[0].type, lines[0].model, lines.at(-1).type], ['start', 'small', 'end']);
  const losses: number[] = lines.filter((l) => l.type === 'epoch').map((l) => l.metrics.loss);
  assert.equal(losses.length, 5, 'an epoch line per epoch');
  assert.ok(losses.every(Number.isFinite), `finite epoch losses: ${losses}`);
  // adam at lr 0.01 takes the mean loss from about 0.71 to 0.42 on this data: every epoch lower, and
  // by a fifth overall, so a run that does not learn (a broken update, lr 1e-6) fails here.
  assert.ok(
    losses.slice(1).every((l, i) => l < losses[i]!),
    `the training loss falls every epoch: ${losses}`,
  );
  assert.ok(losses.at(-1)! < 0.8 * losses[0]!, `the training loss falls by a fifth over 5 epochs: ${losses}`);
  assert.deepEqual(lines.at(-1).final, run.final, 'the command reports what the record ends with');
}
