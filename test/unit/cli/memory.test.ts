// Flat memory on a long run: the trainer, the record writer and the CLI's observers keep bounded
// state (the record on disk keeps every step). A tiny model, 4 examples, batch 1: 3,000,000 steps
// (750,000 epochs) through `model-lab train`, the heap measured after a full GC as it trains; the
// heap at the end of training is within 10% of the heap a third of the way in. (With the trainer's
// history unbounded, 1,000,000 steps grew it from 29 MB at a third to 58 MB: the test fails.)

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EPOCHS = 750_000;

describe('cli: memory on a long run', function () {
  this.timeout(300_000);
  it(`stays flat over ${(EPOCHS * 4).toLocaleString('en')} steps (heap after GC at a third and at the end within 10%)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlab-heap-'));
    const file = join(dir, 'tiny.mlab');
    writeFileSync(
      file,
      `data d {\n  source: synthetic(xor, size 4)\n}\n` +
        `model m(input [2]) {\n  dense 2 tanh\n  dense 1 sigmoid\n}\n` +
        `train m on d {\n  loss: binary_cross_entropy\n  optimizer: sgd lr 0.01\n  epochs: ${EPOCHS}\n  batch: 1\n}\n`,
    );
    try {
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/unit/cli/heap-probe.ts', file, join(dir, 'run')], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      assert.equal(r.status, 0, r.stderr);
      const { code, samples } = JSON.parse(r.stdout) as { code: number; samples: { t: number; heap: number }[] };
      assert.equal(code, 0);
      assert.ok(samples.length >= 12, `${samples.length} samples`);
      // Both taken while the run trains: once it has returned, what it kept is garbage anyway.
      const end = samples[samples.length - 1]!.t;
      const third = samples.find((s) => s.t >= end / 3)!,
        last = samples[samples.length - 1]!;
      const growth = last.heap / third.heap - 1;
      assert.ok(
        Math.abs(growth) <= 0.1,
        `heap ${(third.heap / 1e6).toFixed(1)} MB at ${third.t} ms, ${(last.heap / 1e6).toFixed(1)} MB at the end (${(growth * 100).toFixed(1)}%)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
