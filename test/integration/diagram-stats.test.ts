// Live layer statistics in a real VS Code: the architecture panel of a model that trains gets its
// layers' statistics from the trainer's worker (opened after the run started, it gets the next
// snapshot), the page draws them on every layer's node, and they stay as the last run's once the
// run ends. The host says what it sent, and the page what it drew, through the command's result.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ArchitectureResult } from '../../src/extension/diagram';
import type { TrainResult } from '../../src/extension/extension';
import { eventually, openFixture, workspaceFile } from './util';

const runsDir = () => join(workspaceFile('.modellab').fsPath, 'runs');
const runFolders = () => (existsSync(runsDir()) ? readdirSync(runsDir()).filter((d) => d.startsWith('long-')) : []);

let last: ArchitectureResult | undefined;
const show = async (uri: vscode.Uri) =>
  (last = await vscode.commands.executeCommand<ArchitectureResult | undefined>('modelLab.showArchitecture', uri, 'long'));
/** Polls the panel's statistics until `ok`; a timeout names what the panel had. */
const statsWhen = (uri: vscode.Uri, ok: (s: NonNullable<ArchitectureResult['stats']>) => boolean, what: string) =>
  eventually(
    async () => {
      const s = (await show(uri))?.stats;
      return s && ok(s) ? s : undefined;
    },
    what,
    40_000,
  ).catch((e: Error) => Promise.reject(new Error(`${e.message}; the panel last had ${JSON.stringify(last)}`)));

describe('architecture diagram: live layer statistics', () => {
  let dir = '';
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((x) => x.label === 'Architecture · long'))
      await vscode.window.tabGroups.close(t);
  });

  it("shows each layer's statistics while the model trains, then as the last run's", async function () {
    this.timeout(150_000);
    const document = await openFixture('training.mlab');
    const before = new Set(runFolders());
    const training = vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'long');
    // Opened once the run has started (the trainer page must load before another tab covers it).
    await eventually(() => (runFolders().some((d) => !before.has(d)) ? true : undefined), 'the run of long to start', 60_000);
    // Live: drawn on both layers (dense 32 relu, dense 2). A run before this one has ended: not live.
    const live = await statsWhen(document.uri, (s) => s.live && s.shownNodes === 2, 'live statistics drawn on the diagram');
    assert.deepEqual(live.layers, [0, 1]);
    assert.ok(live.step >= 1);
    // A later snapshot: the numbers follow the run.
    await statsWhen(document.uri, (s) => s.runId === live.runId && s.step > live.step, 'a later snapshot');

    await vscode.commands.executeCommand('modelLab.stop');
    const result = await training;
    const run = result.runs[0]!;
    dir = run.dir;
    assert.equal(run.status, 'stopped');
    assert.equal(run.runId, live.runId);
    const ended = await statsWhen(document.uri, (s) => !s.live && s.shownNodes === 2, "the last run's statistics");
    assert.equal(ended.runId, run.runId);
    assert.deepEqual(ended.layers, [0, 1]);
  });
});
