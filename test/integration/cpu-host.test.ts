// ▶ Train on the CPU: the run trains in the extension host's worker thread with the WebAssembly
// backend (src/extension/runs/host-run.ts), the trainer panel only shows it; the record says which
// backend and how many threads, Stop reaches the worker, and the bundled CNN sample trains in time
// under `auto`.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isSoftwareAdapter } from '../../src/engine/backends/adapter-kind';
import type { TrainResult } from '../../src/extension/extension';
import { eventually, EXTENSION_ID, openFixture, workspaceFile } from './util';

const WASM_2_THREADS = /^CPU \(WebAssembly SIMD(, relaxed)?\) · 2 threads$/;

const recordLines = (dir: string): Record<string, unknown>[] =>
  existsSync(join(dir, 'record.jsonl'))
    ? readFileSync(join(dir, 'record.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

/** Runs `body` with modelLab.device = `device` (cpu unless said) and modelLab.cpuThreads = 2. */
async function onTwoCpuThreads<T>(body: () => PromiseLike<T>, device: 'cpu' | 'auto' = 'cpu'): Promise<T> {
  const config = vscode.workspace.getConfiguration('modelLab');
  await config.update('device', device, vscode.ConfigurationTarget.Workspace);
  await config.update('cpuThreads', 2, vscode.ConfigurationTarget.Workspace);
  try {
    return await body();
  } finally {
    await config.update('device', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('cpuThreads', undefined, vscode.ConfigurationTarget.Workspace);
  }
}

describe('training on the CPU in the extension host', () => {
  const runsDir = () => join(workspaceFile('.modellab').fsPath, 'runs');
  after(() => rmSync(runsDir(), { recursive: true, force: true }));

  it('trains a CPU-chosen run in the host worker: the record names the WebAssembly backend and 2 threads, every step is charted', async () => {
    const document = await openFixture('training.mlab');
    const result = await onTwoCpuThreads(() => vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'quick'));
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed', run.message);
    assert.equal(run.device, 'cpu');
    assert.ok(run.final.val_accuracy! > 0.8, `val accuracy ${run.final.val_accuracy}`);
    const lines = recordLines(run.dir);
    assert.equal(lines[0]!.type, 'start');
    assert.match(String(lines[0]!.device), WASM_2_THREADS);
    assert.equal(lines.filter((l) => l.type === 'epoch').length, 5);
    assert.ok(lines.filter((l) => l.type === 'step').length >= 5 * 10, 'every step came back from the worker');
    assert.equal(lines.at(-1)!.type, 'end');
    for (const f of ['init.safetensors', 'weights.safetensors']) assert.ok(existsSync(join(run.dir, f)), f);
  });

  it('stops a host run on the Stop command, with its stop checkpoint', async () => {
    const document = await openFixture('training.mlab');
    const before = new Set(existsSync(runsDir()) ? readdirSync(runsDir()) : []);
    const result = await onTwoCpuThreads(async () => {
      const training = vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'long');
      await eventually(
        () => {
          const fresh = readdirSync(runsDir()).find((d) => d.startsWith('long-') && !before.has(d));
          return fresh && recordLines(join(runsDir(), fresh)).some((l) => l.type === 'epoch') ? true : undefined;
        },
        'a host run of long with an epoch',
        60_000,
      );
      await vscode.commands.executeCommand('modelLab.stop');
      return training;
    });
    const run = result.runs[0]!;
    assert.equal(run.status, 'stopped', run.message);
    assert.ok(run.epochs >= 1 && run.epochs < 50000);
    const lines = recordLines(run.dir);
    assert.match(String(lines[0]!.device), WASM_2_THREADS);
    assert.deepEqual([lines.at(-1)!.type, lines.at(-1)!.status], ['end', 'stopped']);
    assert.ok(existsSync(join(run.dir, 'checkpoint.safetensors')), 'the stop checkpoint');
  });

  // Under `auto`, as a user would: without a hardware adapter (this machine: SwiftShader) it trains
  // on the host's CPU worker; on a hardware adapter it trains on WebGPU, and only the time is said.
  it('trains the bundled samples/cnn.mlab from ▶ Train under auto (timed): on the host CPU without a hardware adapter', async function () {
    this.timeout(10 * 60_000);
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'samples', 'cnn.mlab'));
    await vscode.window.showTextDocument(document);
    const t0 = Date.now();
    const result = await onTwoCpuThreads(() => vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'cnn'), 'auto');
    const seconds = (Date.now() - t0) / 1000;
    const run = result.runs[0]!;
    try {
      // The sample stops early once val accuracy stalls: the trained end either way.
      assert.match(run.status, /^(completed|early_stopped)$/, run.message);
      const adapter = result.compute.adapter;
      const device = String(recordLines(run.dir)[0]!.device);
      if (!adapter || isSoftwareAdapter(adapter)) assert.match(device, WASM_2_THREADS, JSON.stringify(result.compute));
      console.log(
        `      samples/cnn.mlab under auto (${device}): ${seconds.toFixed(1)} s from ▶ Train to the result, ${run.epochs} epochs, ${JSON.stringify(run.final)}`,
      );
      assert.ok(run.final.val_accuracy! > 0.3, `val accuracy ${run.final.val_accuracy}`);
    } finally {
      rmSync(join(root.fsPath, 'samples', '.modellab'), { recursive: true, force: true });
    }
  });
});
