// Import Run inside VS Code: a run trained by the exported PyTorch script (Debian's python3-torch)
// is copied into .modellab/runs and appears in the Runs tree with its device, beside local runs;
// one still training is followed as its record grows; Compare shows it beside a local run.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { RunsTreeProvider, type RunsNode } from '../../src/extension/runs-tree';
import { pytorchScript } from '../../src/export/pytorch/script';
import { analyze, runsForModel } from '../../src/lang';
import { eventually, trainedOnCpuBeforeAll, workspaceFile } from './util';
import type { CompareResult } from '../../src/extension/compare';
import { RunFollower } from '../../src/extension/runs/follow-run';
import type { MetricBatch } from '../../src/protocol/wire';

const PYTHON = process.env.MODEL_LAB_PYTHON ?? '/usr/bin/python3';

describe('Import Run: a PyTorch run in the Runs tree', () => {
  let imported: string | undefined;
  after(() => imported && rmSync(imported, { recursive: true, force: true }));

  it('imports the folder the exported script wrote; the tree shows it under its experiment and model', async function () {
    this.timeout(120_000);
    const file = workspaceFile('runs.mlab').fsPath;
    const plan = runsForModel(analyze(readFileSync(file, 'utf8')), 'tiny')[0]!;
    const tmp = mkdtempSync(join(tmpdir(), 'mlab-import-'));
    const script = join(tmp, 'train_tiny.py');
    writeFileSync(script, pytorchScript({ ...plan, file, dataRoot: dirname(file), scriptName: 'train_tiny.py' }));
    execFileSync(PYTHON, [script, '--out', join(tmp, 'tiny-pytorch')], { cwd: tmp, timeout: 90_000 });

    imported = await vscode.commands.executeCommand<string | undefined>('modelLab.importRun', vscode.Uri.file(join(tmp, 'tiny-pytorch')));
    assert.ok(imported, 'the command returned the imported folder');
    assert.equal(dirname(imported), join(workspaceFile('.modellab').fsPath, 'runs'));

    const tree = new RunsTreeProvider();
    const experiment = tree.getChildren().find((n) => n.kind === 'experiment' && n.file === file);
    assert.ok(experiment, 'runs.mlab in the Runs tree');
    const model = tree.getChildren(experiment).find((n) => n.kind === 'model' && n.model === 'tiny');
    assert.ok(model, 'model tiny under it');
    const run = tree.getChildren(model).find((n): n is Extract<RunsNode, { kind: 'run' }> => n.kind === 'run' && n.run.dir === imported);
    assert.ok(run, 'the imported run under tiny');
    assert.equal(run.run.status, 'completed');
    const item = tree.getTreeItem(run);
    assert.match(String(item.description), /pytorch cpu/);
    tree.dispose();

    const refused = await vscode.commands.executeCommand<string | undefined>('modelLab.importRun', vscode.Uri.file(tmp));
    assert.equal(refused, undefined, 'a folder without record.jsonl is refused');
  });
});

/** The tiny model's script, run to its end in a fresh folder: the complete record to replay. */
function scriptRun(): { tmp: string; run: string; lines: string[] } {
  const file = workspaceFile('runs.mlab').fsPath;
  const plan = runsForModel(analyze(readFileSync(file, 'utf8')), 'tiny')[0]!;
  const tmp = mkdtempSync(join(tmpdir(), 'mlab-follow-'));
  const script = join(tmp, 'train_tiny.py');
  writeFileSync(script, pytorchScript({ ...plan, file, dataRoot: dirname(file), scriptName: 'train_tiny.py' }));
  execFileSync(PYTHON, [script, '--out', join(tmp, 'done')], { cwd: tmp, timeout: 90_000 });
  const lines = readFileSync(join(tmp, 'done', 'record.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return { tmp, run: join(tmp, 'done'), lines };
}

const runNode = (tree: RunsTreeProvider, dir: string) => {
  const all = (nodes: RunsNode[]): RunsNode[] => nodes.flatMap((n) => [n, ...all(tree.getChildren(n))]);
  return all(tree.getChildren()).find((n): n is Extract<RunsNode, { kind: 'run' }> => n.kind === 'run' && n.run.dir === dir);
};

describe('Import Run: following a run that is still going, and Compare beside a local run', () => {
  const local = trainedOnCpuBeforeAll('runs.mlab', 'tiny');
  const made: string[] = [];
  after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a record that grows after the import: its copy, the Runs tree and the chart follow it to its end', async function () {
    this.timeout(120_000);
    const { tmp, lines } = scriptRun();
    const steps = lines.filter((l) => l.startsWith('{"type":"step"'));
    assert.ok(steps.length >= 4, `the script wrote ${steps.length} steps`);
    // The script "still training elsewhere": its folder holds the start and the first two steps.
    const growing = join(tmp, 'growing');
    mkdirSync(growing);
    const record = join(growing, 'record.jsonl');
    const firstStep = lines.findIndex((l) => l.startsWith('{"type":"step"'));
    writeFileSync(record, lines.slice(0, firstStep + 2).join('\n') + '\n');
    const dir = await vscode.commands.executeCommand<string>('modelLab.importRun', vscode.Uri.file(growing));
    assert.ok(dir, 'imported');
    made.push(dir);

    // The chart's side, watched here on the imported record as the extension watches it.
    const seen: MetricBatch['points'] = [];
    let refreshed = 0;
    const follower = new RunFollower(
      dir,
      null,
      { addMetrics: (b) => seen.push(...b.points), setRunInfo: () => {} },
      () => refreshed++,
      'tiny',
    );
    try {
      assert.deepEqual(
        seen.filter((p) => p.name === 'loss').map((p) => p.value),
        steps.slice(0, 2).map((l) => (JSON.parse(l) as { loss: number }).loss),
      );
      const tree = new RunsTreeProvider();
      assert.notEqual(runNode(tree, dir)?.run.status, 'completed');
      // The script goes on: the rest arrives in three appends (the last one cut mid-line once).
      const rest = lines.slice(firstStep + 2).join('\n') + '\n';
      const cuts = [0, Math.floor(rest.length / 3), Math.floor((2 * rest.length) / 3) + 7, rest.length];
      for (let i = 0; i < 3; i++) {
        appendFileSync(record, rest.slice(cuts[i], cuts[i + 1]));
        await new Promise((ok) => setTimeout(ok, 600));
      }
      await eventually(() => (follower.done ? true : undefined), 'the follower reads the end line');
      assert.equal(
        readFileSync(join(dir, 'record.jsonl'), 'utf8'),
        readFileSync(record, 'utf8'),
        "the imported copy caught up with the script's record",
      );
      assert.deepEqual(
        seen.filter((p) => p.name === 'loss').map((p) => p.value),
        steps.map((l) => (JSON.parse(l) as { loss: number }).loss),
        "the chart got every step's loss, in order",
      );
      assert.ok(
        seen.some((p) => p.name.startsWith('train_') || p.name.startsWith('val_')),
        "and the epochs' metrics",
      );
      assert.ok(refreshed >= 2, `the Runs tree was refreshed ${refreshed} times`);
      tree.refresh();
      await eventually(() => (runNode(tree, dir)?.run.status === 'completed' ? true : undefined), 'the Runs tree shows it completed');
      tree.dispose();
    } finally {
      follower.dispose();
    }
  });

  it('Compare shows the imported PyTorch run beside a local run of the same model', async function () {
    this.timeout(120_000);
    const { run } = scriptRun();
    const dir = await vscode.commands.executeCommand<string>('modelLab.importRun', vscode.Uri.file(run));
    assert.ok(dir);
    made.push(dir);
    const mine = local().runs[0]!.dir;
    const result = await vscode.commands.executeCommand<CompareResult>('modelLab.compareRuns', mine, [mine, dir]);
    assert.deepEqual(result.runs, [mine, dir]);
    assert.equal(result.architectureDiffers, false, 'the same model: the graphs agree');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    await eventually(() => (tabs().includes('Compare · 2 runs') ? true : undefined), `the Compare tab (tabs: ${tabs().join(', ')})`);
  });
});

describe('Export ▸ PyTorch from the editor', () => {
  it("writes the model's script (the menu's PyTorch item, with the save dialog's answer given)", async function () {
    this.timeout(30_000);
    const document = await vscode.workspace.openTextDocument(workspaceFile('runs.mlab'));
    const out = join(mkdtempSync(join(tmpdir(), 'mlab-ptx-')), 'train_tiny.py');
    const path = await vscode.commands.executeCommand<string | undefined>('modelLab.export', document.uri, 'tiny', 'pytorch', out);
    assert.equal(path, out);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /torchrun --nproc_per_node=N train_tiny\.py/);
    assert.match(text, /class Net\(nn\.Module\)/);
  });
});
