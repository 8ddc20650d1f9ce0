// Live layer statistics in a real VS Code: the architecture panel of a model that trains gets its
// layers' statistics from the trainer's worker (opened after the run started, it gets the next
// snapshot), the page draws them on every layer's node, and they stay as the last run's once the
// run ends. The host says what it sent, and the page what it drew, through the command's result.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ArchitectureResult } from '../../src/extension/diagram';
import type { TrainResult } from '../../src/extension/extension';
import { eventually, openFixture } from './util';

const show = (uri: vscode.Uri, model: string) => vscode.commands.executeCommand<ArchitectureResult | undefined>('modelLab.showArchitecture', uri, model);

describe('architecture diagram: live layer statistics', () => {
  let dir = '';
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((x) => x.label === 'Architecture · long')) await vscode.window.tabGroups.close(t);
  });

  it('shows each layer\'s statistics while the model trains, then as the last run\'s', async () => {
    const document = await openFixture('training.mlab');
    const before = (await show(document.uri, 'long'))?.stats?.runId;
    const training = vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'long');
    // Live: a snapshot of this run (not an earlier one), drawn on both layers (dense 32 relu, dense 2).
    const live = await eventually(async () => {
      const s = (await show(document.uri, 'long'))?.stats;
      return s && s.runId !== before && s.live && s.shownNodes === 2 ? s : undefined;
    }, 'live statistics drawn on the diagram', 60_000);
    assert.deepEqual(live.layers, [0, 1]);
    assert.ok(live.step >= 1);
    // A later snapshot: the numbers follow the run.
    await eventually(async () => {
      const s = (await show(document.uri, 'long'))?.stats;
      return s && s.runId === live.runId && s.step > live.step ? s : undefined;
    }, 'a later snapshot', 30_000);

    await vscode.commands.executeCommand('modelLab.stop');
    const result = await training;
    const run = result.runs[0]!;
    dir = run.dir;
    assert.equal(run.status, 'stopped');
    assert.equal(run.runId, live.runId);
    const ended = await eventually(async () => {
      const s = (await show(document.uri, 'long'))?.stats;
      return s && !s.live && s.shownNodes === 2 ? s : undefined;
    }, 'the last run\'s statistics');
    assert.equal(ended.runId, run.runId);
    assert.deepEqual(ended.layers, [0, 1]);
  });
});
