// Soak: one run of 100,000 steps with the trainer panel and the Training view open. Memory of the
// extension host and of both pages is read after a garbage collection ("Show Memory Use"; the
// harness starts Chromium with --expose-gc and precise memory info) once the charts hold their
// most points, and again at the end: it must stay flat, i.e. not grow with the steps.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/extension/extension';
import type { MemoryUse } from '../../src/extension/memory-use';
import { openFixture, workspaceFile } from './util';

const STEPS = 100_000;
/** Growth allowed from the first sample to the last. A leak of one small object per step (~50
 *  bytes) over the 70,000 steps between them would be 3.5 MB. */
const ALLOWED_GROWTH = 2 * 2 ** 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function measure(): Promise<MemoryUse> {
  gc();
  return vscode.commands.executeCommand<MemoryUse>('modelLab.showMemoryUse');
}

const complete = (m: MemoryUse) => m.trainerPage !== null && m.trainingView !== null;

/** A sample in which both pages answered (the Training view answers only while it is shown). */
async function measureAll(): Promise<MemoryUse> {
  for (let attempt = 1; ; attempt++) {
    const m = await measure();
    if (complete(m) || attempt === 5) return m;
    await vscode.commands.executeCommand('modelLab.training.focus');
  }
}

describe('soak', () => {
  after(() => rmSync(join(workspaceFile('.modellab').fsPath, 'runs'), { recursive: true, force: true }));

  it(`trains ${STEPS.toLocaleString('en-US')} steps with flat memory in the extension host and the webviews`, async function () {
    this.timeout(15 * 60_000);
    const document = await openFixture('soak.mlab');
    await vscode.commands.executeCommand('modelLab.training.focus');
    const t0 = Date.now();
    let done = false;
    const training = vscode.commands.executeCommand<TrainResult>('modelLab.train', document.uri, 'soak').then((r) => ((done = true), r));
    // First sample once the per-step chart series are at their cap (20,000 points) and thinning.
    let first: MemoryUse | undefined;
    const samples: string[] = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 1000));
      const m = await measure();
      if (!first && m.run && m.run.step >= 30_000 && complete(m)) first = m;
      if (m.run)
        samples.push(
          `${m.run.step}: host ${(m.host.heapBytes / 2 ** 20).toFixed(2)} MB, ` +
            `trainer ${((m.trainerPage ?? 0) / 2 ** 20).toFixed(2)} MB, view ${((m.trainingView ?? 0) / 2 ** 20).toFixed(2)} MB`,
        );
    }
    const result = await training;
    const last = await measureAll();
    console.log(`      ${samples.join('\n      ')}`);
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed', run.message);
    assert.ok(first, 'a sample at 30,000 steps or more was taken during the run');
    const seconds = (Date.now() - t0) / 1000;
    console.log(`      ${STEPS} steps in ${seconds.toFixed(1)} s on ${run.device}; first sample at step ${first.run!.step}`);
    const growth = (name: string, a: number | null, b: number | null) => {
      assert.ok(a !== null && b !== null, `${name}: heap size not reported`);
      console.log(`      ${name}: ${(a / 2 ** 20).toFixed(2)} MB -> ${(b / 2 ** 20).toFixed(2)} MB (${((b - a) / 2 ** 20).toFixed(2)} MB)`);
      assert.ok(b - a < ALLOWED_GROWTH, `${name} grew by ${((b - a) / 2 ** 20).toFixed(2)} MB from step ${first!.run!.step} to ${STEPS}`);
    };
    growth('extension host heap', first.host.heapBytes, last.host.heapBytes);
    growth('trainer page heap', first.trainerPage, last.trainerPage);
    growth('Training view heap', first.trainingView, last.trainingView);
  });
});
