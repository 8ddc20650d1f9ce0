// Import Run inside VS Code: a run trained by the exported PyTorch script (Debian's python3-torch)
// is copied into .modellab/runs and appears in the Runs tree with its device, beside local runs.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { RunsTreeProvider, type RunsNode } from '../../src/extension/runs-tree';
import { pytorchScript } from '../../src/export/pytorch/script';
import { analyze, runsForModel } from '../../src/lang';
import { workspaceFile } from './util';

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
