// The settings table of Compare: every setting flattened to a dotted key, only the differing rows
// kept, the final metrics always listed with the best run of each marked.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainConfig } from '../../../src/lang/test-config';
import { analyze, runsForModel } from '../../../src/lang';
import { diffSettings, flattenSettings, metricRow, type RunSettings } from '../../../src/extension/runs/settings-diff';

const run = (over: Partial<RunSettings> = {}): RunSettings => ({
  config: trainConfig(),
  model: 'mlp',
  params: 100,
  graphHash: 'aaa',
  device: 'cpu',
  final: {},
  ...over,
});

describe('settings diff', () => {
  it('flattens a config into the file’s dotted names', () => {
    const flat = flattenSettings(
      run({
        config: trainConfig({ weightDecay: 0.01, clipNorm: 1, earlyStop: { monitor: 'val_loss', patience: 3, minDelta: 0, mode: 'min' } }),
      }),
    );
    assert.equal(flat.get('optimizer.kind'), 'adam');
    assert.equal(flat.get('optimizer.lr'), 0.001);
    assert.equal(flat.get('optimizer.beta2'), 0.999);
    assert.equal(flat.get('schedule.kind'), 'constant');
    assert.equal(flat.get('loss.kind'), 'cross_entropy');
    assert.equal(flat.get('weight_decay'), 0.01);
    assert.equal(flat.get('clip'), 1);
    assert.equal(flat.get('early_stop.patience'), 3);
    assert.equal(flat.get('stop_when'), null);
    assert.equal(flat.get('metrics'), 'accuracy');
    assert.equal(flat.get('seed'), 0);
    assert.equal(flat.get('model'), 'mlp');
    assert.equal(flat.get('model.params'), 100);
    assert.equal(flat.get('device'), 'cpu');
    assert.equal(flat.get('device.requested'), 'cpu');
    assert.ok(!flat.has('sweep') && !flat.has('weightDecay'));
  });

  it("shows a pruned run's schedule and a student's distillation (the compression sample's four runs)", () => {
    const a = analyze(readFileSync(join(__dirname, '..', '..', '..', 'samples', 'fashion-compress.mlab'), 'utf8'));
    const runs = ['mlp', 'mlp_pruned', 'student', 'student_plain'].map((m) => run({ model: m, config: runsForModel(a, m)[0]!.config }));
    const rows = new Map(diffSettings(runs).differing.map((r) => [r.key, r.values]));
    assert.deepEqual(rows.get('prune.sparsity'), [undefined, 0.5, undefined, undefined]);
    assert.deepEqual(rows.get('prune.to'), [undefined, 5, undefined, undefined]);
    assert.deepEqual(rows.get('distill.teacher'), [undefined, undefined, 'mlp', undefined]);
    assert.ok(rows.has('distill.temperature') && rows.has('distill.alpha'));
  });

  it('lists only the settings that differ', () => {
    const d = diffSettings([
      run(),
      run({
        config: trainConfig({ optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false }, batch: 64 }),
      }),
    ]);
    assert.deepEqual(d.differing, [
      { key: 'optimizer.lr', values: [0.001, 0.01] },
      { key: 'batch', values: [32, 64] },
    ]);
    assert.equal(d.architectureDiffers, false);
  });

  it('shows a setting one optimizer has and the other lacks as missing there', () => {
    const sgd = trainConfig({ optimizer: { kind: 'sgd', lr: 0.001, momentum: 0.9, nesterov: false, dampening: 0 } });
    const d = diffSettings([run(), run({ config: sgd })]);
    const rows = Object.fromEntries(d.differing.map((r) => [r.key, r.values]));
    assert.deepEqual(Object.keys(rows), [
      'optimizer.kind',
      'optimizer.beta1',
      'optimizer.beta2',
      'optimizer.eps',
      'optimizer.amsgrad',
      'optimizer.momentum',
      'optimizer.nesterov',
      'optimizer.dampening',
    ]);
    assert.deepEqual(rows['optimizer.kind'], ['adam', 'sgd']);
    assert.deepEqual(rows['optimizer.momentum'], [undefined, 0.9]);
  });

  it('marks a different architecture, with the model’s name and parameters', () => {
    const d = diffSettings([run(), run({ model: 'cnn', params: 2000, graphHash: 'bbb' }), run()]);
    assert.deepEqual(
      d.differing.map((r) => r.key),
      ['model', 'model.params', 'model.graph'],
    );
    assert.equal(d.architectureDiffers, true);
    // Same name and size, another graph (say a relu became a tanh): still flagged.
    assert.equal(diffSettings([run(), run({ graphHash: 'ccc' })]).architectureDiffers, true);
  });

  it('finds nothing to list between identical runs, NaN settings included', () => {
    const c = trainConfig({ stopWhen: { metric: 'loss', below: NaN } });
    assert.deepEqual(diffSettings([run({ config: c }), run({ config: c })]).differing, []);
  });

  it('compares the data blocks and their hashes, not their place in the file', () => {
    const text = (val: number, line: string) =>
      `${line}data d {\n  source: synthetic(moons, size 100, seed 1)\n  split: val ${val}\n}\n` +
      `model m(input [2]) {\n  dense 2\n}\ntrain m on d {\n  loss: cross_entropy\n}\n`;
    const plan = (val: number, line = '') => runsForModel(analyze(text(val, line)), 'm')[0]!;
    const settings = (p: ReturnType<typeof plan>, hash: string): RunSettings => ({
      config: p.config,
      model: 'm',
      data: p.data,
      dataHash: hash,
      final: {},
    });
    assert.deepEqual(diffSettings([settings(plan(0.2), 'h1'), settings(plan(0.2, '# moved down a line\n'), 'h1')]).differing, []);
    const d = diffSettings([settings(plan(0.2), 'h1'), settings(plan(0.3), 'h2')]);
    assert.deepEqual(
      d.differing.map((r) => [r.key, r.values]),
      [
        ['data.split.val', [0.2, 0.3]],
        ['data.hash', ['h1', 'h2']],
      ],
    );
  });

  it('lists every final metric, test before val before train, with the best run marked', () => {
    const d = diffSettings([
      run({ final: { loss: 0.3, val_loss: 0.4, val_accuracy: 0.8 } }),
      run({ final: { loss: 0.2, val_loss: 0.5, val_accuracy: 0.9, test_accuracy: 0.85 } }),
    ]);
    assert.deepEqual(
      d.metrics.map((m) => [m.key, m.values, m.better, m.best]),
      [
        ['test_accuracy', [undefined, 0.85], 'max', [1]],
        ['val_accuracy', [0.8, 0.9], 'max', [1]],
        ['val_loss', [0.4, 0.5], 'min', [0]],
        ['loss', [0.3, 0.2], 'min', [1]],
      ],
    );
  });

  it('marks every tied best and ignores non-finite values', () => {
    assert.deepEqual(metricRow('val_f1', [0.5, 0.7, 0.7]).best, [1, 2]);
    assert.deepEqual(metricRow('loss', [NaN, Infinity, 2]).best, [2]);
    assert.deepEqual(metricRow('loss', [NaN, undefined]).best, []);
    assert.equal(metricRow('val_r2', [1]).better, 'max');
    assert.equal(metricRow('val_mae', [1]).better, 'min');
  });
});
