// The Runs tree names a run by what sets it apart: a sweep's two runs, trained for real by
// `model-lab train`, get two different labels that say their learning rates.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';
import { readRunSummary, type RunSummary } from '../../../src/engine/io/run-summary';
import { runLabel, shortTime, sweepText } from '../../../src/extension/runs/run-label';

const SWEEP = `data moons {
  source: synthetic(moons, size 40, noise 0.1, seed 3)
  split: val 0.25
}

model net(input [2]) {
  dense 4 relu
  dense 2
}

train net on moons {
  loss: cross_entropy
  optimizer: adam lr 0.01
  sweep: lr [0.002, 0.02]
  sweep: batch [10]
  epochs: 1
  batch: 10
}
`;

const quiet: CliIO = { out: () => {}, err: () => {} };

describe('run labels in the Runs tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-label-'));
  let runs: RunSummary[];

  before(async () => {
    writeFileSync(join(root, 'sweep.mlab'), SWEEP);
    assert.equal(await trainCommand.run([join(root, 'sweep.mlab'), '--out', join(root, 'out'), '--quiet', '--device', 'cpu'], quiet), 0);
    runs = ['1', '2'].map((n) => readRunSummary(join(root, 'out', n))!);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads the sweep values from the record and names each run of a sweep by them', () => {
    assert.deepEqual(
      runs.map((r) => r.sweep),
      [
        { 'optimizer.lr': 0.002, batch: 10 },
        { 'optimizer.lr': 0.02, batch: 10 },
      ],
    );
    const now = new Date(runs[0]!.time);
    const labels = runs.map((r) => runLabel(r, now));
    assert.match(labels[0]!, /^lr 0\.002 · batch 10 · \d\d:\d\d:\d\d$/);
    assert.match(labels[1]!, /^lr 0\.02 · batch 10 · \d\d:\d\d:\d\d$/);
    assert.notEqual(labels[0], labels[1]);
  });

  it('names a run without a sweep by its start time alone, with the date when not today', () => {
    const at = new Date(2026, 10, 30, 9, 5, 7); // local time, as the label shows it
    const run = { dir: '/w/.modellab/runs/net-20261130-090507', time: at.toISOString(), sweep: {} };
    assert.equal(runLabel(run, new Date(2026, 10, 30, 23, 0, 0)), '09:05:07');
    assert.equal(runLabel(run, new Date(2026, 11, 1, 8, 0, 0)), 'Nov 30 09:05:07');
    assert.equal(runLabel(run, new Date(2027, 0, 2)), 'Nov 30 2026 09:05:07');
  });

  it('falls back to the folder name when the record has no readable time', () => {
    assert.equal(
      runLabel({ dir: '/w/.modellab/runs/net-x', time: '', sweep: { 'loss.label_smoothing': 0.1 } }),
      'label_smoothing 0.1 · net-x',
    );
    assert.equal(shortTime('not a time'), '');
    assert.equal(sweepText({}), '');
  });
});
