// Compare and re-run on real records: a two-value learning-rate sweep trained by `model-lab train`,
// compared (only the rate differs), and one of its runs trained again from its record alone.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';
import { createBackend } from '../../../src/engine/backends/index';
import { loadData, targetKindFor } from '../../../src/engine/data/load';
import { locationOf, nodeDataHost } from '../../../src/engine/data/node-host';
import { train } from '../../../src/engine/train/trainer';
import type { StepRecord } from '../../../src/engine/train/types';
import { compareRecords, MAX_STEP_POINTS } from '../../../src/extension/compare/compare-data';
import { readRunRecord, type RunRecord } from '../../../src/engine/io/read-record';
import { fileStillHas, recordedPlan } from '../../../src/extension/runs/recorded-plan';
import { analyze, runsForModel } from '../../../src/lang';
import { CompareShow } from '../../../src/protocol/compare';

const MOONS = `data moons {
  source: synthetic(moons, size 80, noise 0.1, seed 3)
  split: val 0.25
}

model net(input [2]) {
  dense 8 relu
  dense 2
}

train net on moons {
  loss: cross_entropy
  optimizer: sgd lr 0.1 momentum 0.9
  sweep: lr [0.1, 0.02]
  epochs: 4
  batch: 20
  metrics: accuracy
  seed: 5
}
`;

const quiet: CliIO = { out: () => {}, err: () => {} };

describe('compare and re-run from records', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-compare-'));
  const file = join(root, 'moons.mlab');
  let runs: RunRecord[];

  before(async () => {
    writeFileSync(file, MOONS);
    assert.equal(await trainCommand.run([file, '--out', join(root, 'sweep'), '--quiet', '--device', 'cpu'], quiet), 0);
    runs = [readRunRecord(join(root, 'sweep', '1')), readRunRecord(join(root, 'sweep', '2'))];
  });

  it('lists only the learning rate as differing, and every final metric with the best marked', () => {
    const { diff, show } = compareRecords(runs);
    assert.deepEqual(
      diff.differing.map((r) => [r.key, r.values]),
      [['optimizer.lr', [0.1, 0.02]]],
    );
    assert.deepEqual(show.settings, [{ key: 'optimizer.lr', values: ['0.1', '0.02'] }]);
    const valLoss = show.metrics.find((m) => m.key === 'val_loss')!;
    const [a, b] = [runs[0]!.end!.final!.val_loss!, runs[1]!.end!.final!.val_loss!];
    assert.deepEqual(valLoss.values, [a, b]);
    assert.deepEqual(valLoss.best, a < b ? [0] : a > b ? [1] : [0, 1]);
    assert.deepEqual(
      show.metrics.map((m) => m.key),
      ['val_accuracy', 'val_loss', 'loss'],
    );
    assert.equal(show.architectureDiffers, false);
  });

  it('sends each run’s curves and a label naming model and sweep value, as the protocol allows', () => {
    const { show } = compareRecords(runs);
    CompareShow.parse(show);
    assert.match(show.runs[0]!.label, /^net · .+ · lr 0\.1$/);
    assert.match(show.runs[1]!.label, /^net · .+ · lr 0\.02$/);
    const curve = show.curves[1]!;
    // 60 training examples in batches of 20: 3 steps an epoch, 4 epochs.
    assert.deepEqual(
      curve.points.filter((p) => p.name === 'loss').map((p) => [p.step, p.value]),
      runs[1]!.steps.map((s) => [s.step, s.loss]),
    );
    assert.deepEqual(
      curve.points.filter((p) => p.name === 'val_accuracy').map((p) => p.step),
      [3, 6, 9, 12],
    );
    assert.deepEqual(
      curve.points.filter((p) => p.name === 'lr').map((p) => p.value),
      [0.02, 0.02, 0.02, 0.02],
    );
    assert.equal(show.info[0]!.status, 'completed');
  });

  it('thins a very long loss curve evenly, keeping its last step', () => {
    const long: RunRecord = {
      ...runs[0]!,
      steps: Array.from({ length: 3 * MAX_STEP_POINTS + 1 }, (_, i) => ({ step: i + 1, epoch: 1, loss: 1 / (i + 1) })),
    };
    const points = compareRecords([long]).show.curves[0]!.points.filter((p) => p.name === 'loss');
    assert.ok(points.length <= MAX_STEP_POINTS + 1, `${points.length} points`);
    assert.equal(points[1]!.step - points[0]!.step, 4);
    assert.equal(points.at(-1)!.step, 3 * MAX_STEP_POINTS + 1);
  });

  it('trains a recorded run again to the same per-step losses, from the record alone', async () => {
    const record = runs[1]!;
    const plan = recordedPlan(record);
    assert.equal(plan.config.seed, 5);
    assert.deepEqual(plan.config.sweep, { 'optimizer.lr': 0.02 });
    const loaded = await loadData(plan.data, plan.config.seed, {
      host: nodeDataHost,
      location: locationOf(file),
      inputShape: plan.graph.inputShape,
      targetKind: targetKindFor(plan.config.loss),
    });
    const steps: StepRecord[] = [];
    // The CLI's CPU backend (WebAssembly) recorded the run: the same backend re-runs it bit for bit.
    const { backend } = await createBackend('cpu');
    const end = await train({
      graph: plan.graph,
      config: plan.config,
      data: loaded.splits,
      init: null,
      backend,
      shuffle: plan.data.shuffle !== 'off',
      augment: loaded.augment,
      observer: { step: (s) => steps.push(s) },
    });
    backend.dispose();
    assert.equal(end.status, 'completed');
    assert.equal(steps.length, record.steps.length);
    assert.deepEqual(
      steps.map((s) => s.loss),
      record.steps.map((s) => s.loss),
    );
  });

  it('tells whether the file still holds the recorded run', () => {
    const plan = recordedPlan(runs[0]!);
    assert.equal(fileStillHas(plan, runsForModel(analyze(MOONS), 'net')), true);
    assert.equal(fileStillHas(plan, runsForModel(analyze(`# a note moves every line down\n${MOONS}`), 'net')), true);
    assert.equal(fileStillHas(plan, runsForModel(analyze(MOONS.replace('sweep: lr [0.1, 0.02]', 'sweep: lr [0.3, 0.02]')), 'net')), false);
    assert.equal(fileStillHas(plan, runsForModel(analyze(MOONS.replace('dense 8 relu', 'dense 8 tanh')), 'net')), false);
    assert.equal(fileStillHas(plan, runsForModel(analyze(MOONS.replace('size 80', 'size 81')), 'net')), false);
  });

  it('refuses to re-run a record without a graph, naming it', () => {
    const { graph, ...start } = runs[0]!.start;
    void graph;
    assert.throws(() => recordedPlan({ ...runs[0]!, start }), /record\.jsonl: the record has no model graph/);
  });
});
