// Training from the editor, end to end inside VS Code: the run happens in the trainer webview's
// worker, the host writes the record as it goes, and the CodeLens reports the result.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import { isSoftwareAdapter } from '../../src/engine/backends/adapter-kind';
import { eventually, openFixture, workspaceFile } from './util';

const runsDir = () => join(workspaceFile('.modellab').fsPath, 'runs');
const recordLines = (dir: string) =>
  existsSync(join(dir, 'record.jsonl'))
    ? readFileSync(join(dir, 'record.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

const runFolders = (model: string) => (existsSync(runsDir()) ? readdirSync(runsDir()).filter((d) => d.startsWith(`${model}-`)) : []);

/** Starts training `model` and waits until its new run folder has a record with an epoch line. */
async function startLongRun(document: vscode.TextDocument, model: string): Promise<{ training: Thenable<TrainResult>; dir: string }> {
  const before = new Set(runFolders(model));
  const training = vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, model);
  const dir = await eventually(
    () => {
      const fresh = runFolders(model).find((d) => !before.has(d));
      const dir = fresh && join(runsDir(), fresh);
      return dir && recordLines(dir).some((l) => l.type === 'epoch') ? dir : undefined;
    },
    `a new record of ${model} with an epoch`,
    60_000,
  );
  return { training, dir };
}

describe('training from the editor', () => {
  after(() => rmSync(runsDir(), { recursive: true, force: true }));

  it('trains a model in the trainer panel, writes its record and shows the result above the model', async () => {
    const document = await openFixture('training.mlab');
    // On WebGPU, as asked: `auto` would pick the CPU over a software adapter (the next test).
    const config = vscode.workspace.getConfiguration('modelLab');
    await config.update('device', 'webgpu', vscode.ConfigurationTarget.Workspace);
    let result: TrainResult;
    try {
      result = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'quick');
    } finally {
      await config.update('device', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(result.runs.length, 1);
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed', run.message);
    if (process.env.MODEL_LAB_EXPECT_WEBGPU === '1') assert.equal(run.device, 'webgpu');
    assert.equal(run.epochs, 5);
    assert.ok(run.final.val_accuracy! > 0.8, `val accuracy ${run.final.val_accuracy}`);
    console.log(`      trained on ${result.compute.backend}: ${JSON.stringify(run.final)}`);

    const lines = recordLines(run.dir);
    assert.deepEqual([lines[0].type, lines.at(-1).type], ['start', 'end']);
    assert.equal(lines.filter((l) => l.type === 'epoch').length, 5);
    assert.ok(lines.filter((l) => l.type === 'step').length >= 5 * 10, 'every step is recorded');
    assert.equal(lines[0].model, 'quick');
    for (const f of ['init.safetensors', 'weights.safetensors', 'loss.svg']) assert.ok(existsSync(join(run.dir, f)), f);

    // The Runs tree's item command opens the record.
    await vscode.commands.executeCommand('modelLab.openRunRecord', { kind: 'run', run: { dir: run.dir } });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(run.dir, 'record.jsonl'));

    const lenses = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.some((l) => l.command?.title.startsWith('✓')) ? found : undefined;
    }, 'the result lens');
    const resultLens = lenses.find((l) => l.command?.title.startsWith('✓'))!;
    assert.match(resultLens.command!.title, /^✓ val acc \d+\.\d% · loss [\d.]+ · [\d.]+ s · 82 params$/);
    assert.equal(resultLens.range.start.line, 6, 'above model quick');

    // Change the model: the result no longer describes it. (Edited in place and restored: the
    // web workbench auto-saves, so the restore is saved too.)
    const layer = new vscode.Range(7, 2, 7, 15);
    assert.equal(document.getText(layer), 'dense 16 relu');
    const edit = async (text: string) => {
      const e = new vscode.WorkspaceEdit();
      e.replace(document.uri, layer, text);
      assert.ok(await vscode.workspace.applyEdit(e));
    };
    try {
      await edit('dense 17 relu');
      const stale = await eventually(async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
        return found.find((l) => l.range.start.line === 6 && l.command?.title.endsWith('(stale)'));
      }, 'the stale result lens');
      assert.match(stale.command!.title, /^✓ val acc .* \(stale\)$/);
    } finally {
      await edit('dense 16 relu');
      await document.save();
    }
  });

  it('trains on the CPU under `auto` when the only WebGPU adapter is a software one, on the GPU otherwise', async () => {
    const document = await openFixture('training.mlab');
    const result = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'quick');
    assert.equal(result.runs[0]!.status, 'completed');
    const adapter = result.compute.adapter;
    const expected = adapter && !isSoftwareAdapter(adapter) ? 'webgpu' : 'cpu';
    assert.equal(result.runs[0]!.device, expected, JSON.stringify(result.compute));
  });

  it('stops a run on the Stop command, keeping what it trained', async () => {
    const document = await openFixture('training.mlab');
    const { training } = await startLongRun(document, 'long');
    await vscode.commands.executeCommand('modelLab.stop');
    const result = await training;
    const run = result.runs[0]!;
    assert.equal(run.status, 'stopped');
    assert.ok(run.epochs >= 1 && run.epochs < 50000);
    const lines = recordLines(run.dir);
    assert.equal(lines.at(-1).type, 'end');
    assert.equal(lines.at(-1).status, 'stopped');
  });

  it('ends a run as interrupted when its panel is closed, with the record intact', async () => {
    const document = await openFixture('training.mlab');
    const { training, dir } = await startLongRun(document, 'long');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Train · long');
    assert.ok(tab, 'the trainer tab');
    await vscode.window.tabGroups.close(tab);
    const result = await training;
    assert.equal(result.runs[0]!.status, 'interrupted');
    const lines = recordLines(dir);
    assert.equal(lines[0].type, 'start');
    assert.ok(lines.some((l) => l.type === 'epoch'));
    assert.deepEqual([lines.at(-1).type, lines.at(-1).status], ['end', 'interrupted']);
  });
});
