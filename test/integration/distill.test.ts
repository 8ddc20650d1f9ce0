// ▶ Train of a distilled student: the teacher trains from the editor, then its student, on the CPU
// (the host's worker) and on WebGPU (the trainer page's worker: the harness's Chromium has a
// SwiftShader adapter); the student's record names its teacher as the CLI writes it, and its losses
// are a CLI run's of the same student (same seed, same teacher run): equal on the CPU (same
// threads), within the 1e-3 of the WebGPU-vs-CPU step tests on WebGPU.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import { EXTENSION_ID, openFixture, workspaceFile } from './util';

const lines = (dir: string): Record<string, unknown>[] =>
  readFileSync(join(dir, 'record.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const stepLosses = (dir: string) => lines(dir).flatMap((l) => (l.type === 'step' ? [Number(l.loss)] : []));
const DISTILL = { teacherModel: 'big', temperature: 3, alpha: 0.6 };

describe('distillation from the editor', () => {
  const runsDir = () => join(workspaceFile('.modellab').fsPath, 'runs');
  const scratch = mkdtempSync(join(tmpdir(), 'mlab-distill-'));
  after(() => {
    rmSync(runsDir(), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The student trained by the CLI on the CPU into `out`, with the editor's teacher (its newest run). */
  const cliRun = (file: string, out: string, threads: number) => {
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath, 'dist', 'cli.js');
    const args = [cli, 'train', file, '--model', 'small', '--device', 'cpu', '--threads', String(threads), '--quiet', '--out', out];
    execFileSync(process.execPath, args, { timeout: 90_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    return out;
  };

  it("trains a student from ▶ Train on the CPU: the record's distill names the teacher run, the losses are the CLI's", async function () {
    this.timeout(180_000);
    const config = vscode.workspace.getConfiguration('modelLab');
    await config.update('device', 'cpu', vscode.ConfigurationTarget.Workspace);
    await config.update('cpuThreads', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const document = await openFixture('distill.mlab');
      const big = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'big');
      assert.equal(big.runs[0]!.status, 'completed', big.runs[0]!.message);
      const small = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'small');
      const run = small.runs[0]!;
      assert.equal(run.status, 'completed', run.message);
      assert.equal(run.device, 'cpu');
      const start = lines(run.dir)[0]!;
      assert.deepEqual(start.distill, { teacher: big.runs[0]!.dir, ...DISTILL });
      const out = cliRun(document.uri.fsPath, join(scratch, 'small-cli'), 2);
      assert.deepEqual(lines(out)[0]!.distill, start.distill, 'the CLI found the same teacher run');
      const editor = stepLosses(run.dir),
        headless = stepLosses(out);
      assert.equal(editor.length, headless.length);
      assert.ok(editor.length >= 2 * 8, `${editor.length} steps`);
      editor.forEach((l, i) => assert.ok(Math.abs(l - headless[i]!) <= 1e-6, `step ${i + 1}: ${l} vs ${headless[i]}`));
    } finally {
      await config.update('device', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('cpuThreads', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("trains a student from ▶ Train on WebGPU (modelLab.device: webgpu): the record's distill line, the CPU's losses within 1e-3", async function () {
    this.timeout(240_000);
    const config = vscode.workspace.getConfiguration('modelLab');
    try {
      const document = await openFixture('distill.mlab');
      await config.update('device', 'cpu', vscode.ConfigurationTarget.Workspace);
      const big = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'big');
      assert.equal(big.runs[0]!.status, 'completed', big.runs[0]!.message);
      await config.update('device', 'webgpu', vscode.ConfigurationTarget.Workspace);
      const small = await vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'small');
      const run = small.runs[0]!;
      assert.equal(run.status, 'completed', run.message);
      // Asked for WebGPU, a run without an adapter fails rather than falling back to the CPU.
      assert.equal(run.device, 'webgpu');
      const start = lines(run.dir)[0]!;
      assert.deepEqual(start.distill, { teacher: big.runs[0]!.dir, ...DISTILL });
      const out = cliRun(document.uri.fsPath, join(scratch, 'small-cli-webgpu'), 1);
      assert.deepEqual(lines(out)[0]!.distill, start.distill, 'the CLI found the same teacher run');
      const editor = stepLosses(run.dir),
        headless = stepLosses(out);
      assert.equal(editor.length, headless.length);
      assert.ok(editor.length >= 2 * 8, `${editor.length} steps`);
      editor.forEach((l, i) =>
        assert.ok(Math.abs(l - headless[i]!) <= 1e-3 * Math.abs(headless[i]!), `step ${i + 1}: ${l} vs ${headless[i]}`),
      );
    } finally {
      await config.update('device', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
