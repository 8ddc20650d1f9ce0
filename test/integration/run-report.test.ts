// The run report in a real VS Code: train a 2-D classifier from the editor, open its report (by
// folder, then as the Runs tree's click does, reusing the panel), and check it against the run's
// own record; a run interrupted before it saved weights gets a clear message in the panel.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import type { ReportResult } from '../../src/extension/run-report';
import { eventually, openFixture, workspaceFile } from './util';

const runsDir = () => join(workspaceFile('.modellab').fsPath, 'runs');
const runFolders = (model: string) => (existsSync(runsDir()) ? readdirSync(runsDir()).filter((d) => d.startsWith(`${model}-`)) : []);
const recordLines = (dir: string) =>
  existsSync(join(dir, 'record.jsonl'))
    ? readFileSync(join(dir, 'record.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const reportTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Report · '));

describe('run report', () => {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the confusion matrix, mistakes and decision boundary of a trained 2-D classifier', async function () {
    this.timeout(120_000);
    const document = await openFixture('report.mlab');
    const result = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'curls');
    const run = result.runs[0]!;
    made.push(run.dir);
    assert.equal(run.status, 'completed', run.message);

    const report = await vscode.commands.executeCommand<ReportResult>('modelLab.showRunReport', run.dir);
    assert.ok(!('error' in report), 'error' in report ? report.error : '');
    assert.equal(report.run, run.dir);
    assert.equal(report.split, 'test');
    assert.equal(report.classes, 3);
    assert.equal(report.boundary, true);
    assert.deepEqual(report.warnings, []);
    const recorded = run.final.test_accuracy!;
    console.log(
      `      trained on ${run.device}: test accuracy ${recorded}, report ${report.accuracy}, ${report.misclassified} of 60 wrong`,
    );
    // The report runs the model on the CPU; a run trained there must agree exactly. On WebGPU the
    // same weights may round differently, enough to flip at most a near tie.
    if (run.device === 'cpu') assert.equal(report.accuracy, recorded);
    else assert.ok(Math.abs(report.accuracy! - recorded) <= 1 / 60 + 1e-12, `${report.accuracy} vs ${recorded}`);
    assert.equal(report.misclassified, Math.round((1 - report.accuracy!) * 60));
    assert.ok(report.misclassified > 0, 'a 10-epoch spiral model makes mistakes');
    // The page validated the payload and drew every section.
    assert.equal(report.drawError, null);
    assert.deepEqual(report.drawn, ['confusion-section', 'boundary-section', 'misclassified']);
    await eventually(() => (reportTabs().some((t) => t.label === 'Report · curls · test') ? true : undefined), 'the report tab');

    // The Runs tree's click passes its node; the same run's panel is reused.
    const again = await vscode.commands.executeCommand<ReportResult>('modelLab.showRunReport', { kind: 'run', run: { dir: run.dir } });
    assert.equal('error' in again ? again.error : again.accuracy, report.accuracy);
    assert.equal(reportTabs().length, 1, 'one panel per run');
  });

  it('says in the panel that an interrupted run has no trained weights', async function () {
    this.timeout(120_000);
    const document = await openFixture('report.mlab');
    const before = new Set(runFolders('endless'));
    const training = vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'endless');
    const dir = await eventually(
      () => {
        const fresh = runFolders('endless').find((d) => !before.has(d));
        const dir = fresh && join(runsDir(), fresh);
        return dir && recordLines(dir).some((l) => l.type === 'epoch') ? dir : undefined;
      },
      'a record of endless with an epoch',
      60_000,
    );
    made.push(dir);
    // A run on the host's CPU worker can write its first epoch before the panel's tab is listed.
    const tab = await eventually(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Train · endless'),
      'the trainer tab',
      30_000,
    );
    await vscode.window.tabGroups.close(tab);
    assert.equal((await training).runs[0]!.status, 'interrupted');

    const report = await vscode.commands.executeCommand<ReportResult>('modelLab.showRunReport', vscode.Uri.file(join(dir, 'record.jsonl')));
    assert.ok('error' in report, 'no report without weights');
    assert.equal(report.run, dir);
    assert.match(report.error, /^This run has no trained weights: it ended as interrupted \(the trainer panel was closed during the run\)/);
    assert.equal(report.drawn, 'failed');
  });
});
