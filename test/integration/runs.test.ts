// The Runs tree's commands inside VS Code: a sweep trains two runs of a tiny model on the CPU,
// Compare shows them (only the learning rate differs), Re-run trains one again from its record to
// the same per-step losses, Reveal shows its folder (or its record, where files.exclude hides it).
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import type { CompareResult } from '../../src/extension/compare';
import type { RevealResult } from '../../src/extension/runs/reveal-run';
import { eventually, openFixture, workspaceFile } from './util';

const runsDir = () => join(workspaceFile('.modellab').fsPath, 'runs');
const recordLines = (dir: string) =>
  readFileSync(join(dir, 'record.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const stepLosses = (dir: string): unknown[] =>
  recordLines(dir)
    .filter((l) => l.type === 'step')
    .map((l) => l.loss);
const runNode = (dir: string) => ({ kind: 'run', run: { dir } });
const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);

describe('runs: compare, re-run, reveal', () => {
  const config = () => vscode.workspace.getConfiguration();
  let swept: TrainResult;

  before(async function () {
    this.timeout(180_000);
    // The CPU backend is deterministic: a re-run must repeat every loss exactly.
    await config().update('modelLab.device', 'cpu', vscode.ConfigurationTarget.Workspace);
    const document = await openFixture('runs.mlab');
    swept = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'tiny');
    assert.equal(swept.runs.length, 2);
    for (const r of swept.runs) assert.equal(r.status, 'completed', r.message);
  });

  after(async () => {
    await config().update('modelLab.device', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('files.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    for (const r of swept?.runs ?? []) rmSync(r.dir, { recursive: true, force: true });
    if (existsSync(runsDir()))
      for (const d of readdirSync(runsDir()).filter((d) => d.startsWith('tiny-')))
        rmSync(join(runsDir(), d), { recursive: true, force: true });
  });

  it('compares a multi-selection of runs: only the swept learning rate differs', async () => {
    const [a, b] = swept.runs.map((r) => r.dir);
    // As VS Code calls a tree command on a multi-selection: the clicked node, then every selected one.
    const result = await vscode.commands.executeCommand<CompareResult>('modelLab.compareRuns', runNode(a!), [runNode(a!), runNode(b!)]);
    assert.deepEqual(result.runs, [a, b]);
    assert.deepEqual(result.differing, ['optimizer.lr']);
    assert.equal(result.architectureDiffers, false);
    await eventually(
      () => (tabLabels().includes('Compare · 2 runs') ? true : undefined),
      `the Compare tab (tabs: ${tabLabels().join(', ')})`,
    );
    // Run folders work too, and a model node stands for all its runs.
    const again = await vscode.commands.executeCommand<CompareResult>('modelLab.compareRuns', {
      kind: 'model',
      file: '',
      model: 'tiny',
      runs: [{ dir: b }, { dir: a }],
    });
    assert.deepEqual(again.runs, [b, a]);
    assert.deepEqual(again.differing, ['optimizer.lr']);
  });

  it('re-runs a run exactly: same settings and seed, the same per-step losses, recorded as a re-run', async function () {
    this.timeout(120_000);
    const original = swept.runs[1]!.dir;
    const result = await vscode.commands.executeCommand<TrainResult>('modelLab.rerun', runNode(original));
    assert.equal(result.runs.length, 1);
    const again = result.runs[0]!;
    assert.equal(again.status, 'completed', again.message);
    assert.equal(again.device, 'cpu');
    assert.notEqual(again.dir, original);
    const [before, after] = [recordLines(original)[0], recordLines(again.dir)[0]];
    assert.equal(after.rerunOf, basename(original));
    assert.deepEqual(after.config, before.config);
    assert.equal(after.config.seed, 11);
    assert.deepEqual(after.config.sweep, { 'optimizer.lr': 0.01 });
    const losses = stepLosses(original);
    assert.equal(losses.length, 12, '72 examples in batches of 24 for 4 epochs');
    assert.deepEqual(stepLosses(again.dir), losses);
    // The two differ in nothing the compare table lists but where and when they ran.
    const compared = await vscode.commands.executeCommand<CompareResult>('modelLab.compareRuns', original, [original, again.dir]);
    assert.deepEqual(compared.differing, []);
  });

  it('resumes an interrupted run from its checkpoint, in its folder and record, to the same per-step losses', async function () {
    this.timeout(120_000);
    const original = swept.runs[0]!.dir,
      dir = join(runsDir(), 'tiny-killed-after-epoch-1');
    cpSync(original, dir, { recursive: true });
    // As a process killed after the first epoch's checkpoint leaves it: no end, a cut last line,
    // and (its writer being this extension host, which lives) a record that has been still for an hour.
    const lines = readFileSync(join(dir, 'record.jsonl'), 'utf8').split('\n');
    const kept = lines.slice(0, lines.findIndex((l) => l.startsWith('{"type":"epoch"')) + 1);
    writeFileSync(join(dir, 'record.jsonl'), kept.join('\n') + '\n{"type":"st');
    const anHourAgo = new Date(Date.now() - 3600_000);
    utimesSync(join(dir, 'record.jsonl'), anHourAgo, anHourAgo);
    const result = await vscode.commands.executeCommand<TrainResult>('modelLab.resume', runNode(dir));
    assert.equal(result?.runs.length, 1);
    assert.equal(result.runs[0]!.status, 'completed', result.runs[0]!.message);
    assert.equal(result.runs[0]!.dir, dir);
    assert.ok(recordLines(dir).some((l) => l.type === 'resumed' && l.step === 3));
    assert.deepEqual(stepLosses(dir), stepLosses(original));
    // A finished run is not resumed.
    assert.equal(await vscode.commands.executeCommand('modelLab.resume', runNode(dir)), undefined);
  });

  it('reveals a run’s folder in the Explorer, or opens its record where files.exclude hides the folder', async () => {
    const dir = swept.runs[0]!.dir;
    const shown = await vscode.commands.executeCommand<RevealResult>('modelLab.revealRun', runNode(dir));
    assert.deepEqual(shown, { dir, revealed: true });

    await config().update('files.exclude', { '**/.modellab': true }, vscode.ConfigurationTarget.Workspace);
    const hidden = await vscode.commands.executeCommand<RevealResult>('modelLab.revealRun', runNode(dir));
    assert.deepEqual(hidden, { dir, revealed: false });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(dir, 'record.jsonl'));
  });

  it('still asks before deleting a run (the test host refuses the dialog, so the run stays)', async () => {
    const dir = swept.runs[0]!.dir;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('modelLab.deleteRun', runNode(dir), [runNode(dir)])),
      /refused to show dialog in tests\. Contents: Delete the run in \.modellab\/runs\/tiny-/,
    );
    assert.ok(existsSync(join(dir, 'record.jsonl')));
  });
});
