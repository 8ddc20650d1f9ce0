import { strict as assert } from 'node:assert';
import { analyze, runsForModel } from '../../../src/lang/analyze';
import type { TrainConfig } from '../../../src/graph/train-config';
import { trainWith } from './helpers';

function configs(settings: string): readonly TrainConfig[] {
  const analysis = analyze(trainWith(settings));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => d.message),
    [],
  );
  return analysis.trains[0].configs;
}
const only = (settings: string) => {
  const all = configs(settings);
  assert.equal(all.length, 1);
  return all[0];
};

describe('train blocks resolve to TrainConfig with PyTorch defaults', () => {
  it('fills every default', () => {
    assert.deepEqual(only('  loss: cross_entropy'), {
      model: 'm',
      data: 'toy',
      loss: { kind: 'cross_entropy', labelSmoothing: 0 },
      optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false },
      schedule: { kind: 'constant' },
      epochs: 10,
      batch: 32,
      l1: 0,
      weightDecay: 0,
      weightDecayOn: 'all',
      l1On: 'all',
      clipNorm: null,
      earlyStop: null,
      stopWhen: null,
      metrics: [],
      seed: 0,
      device: 'auto',
    });
  });

  it('resolves each optimizer with its defaults', () => {
    const opt = (line: string) => only(`  loss: cross_entropy\n  optimizer: ${line}`);
    assert.deepEqual(opt('sgd').optimizer, { kind: 'sgd', lr: 1e-3, momentum: 0, nesterov: false, dampening: 0 });
    assert.deepEqual(opt('sgd lr 0.1 momentum 0.9 nesterov').optimizer, {
      kind: 'sgd',
      lr: 0.1,
      momentum: 0.9,
      nesterov: true,
      dampening: 0,
    });
    assert.deepEqual(opt('adam lr 3e-4 beta2 0.99').optimizer, {
      kind: 'adam',
      lr: 3e-4,
      beta1: 0.9,
      beta2: 0.99,
      eps: 1e-8,
      amsgrad: false,
    });
    assert.deepEqual(opt('adam amsgrad').optimizer, { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: true });
    assert.deepEqual(opt('rmsprop').optimizer, { kind: 'rmsprop', lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false });
    assert.deepEqual(opt('rmsprop centered momentum 0.9').optimizer, {
      kind: 'rmsprop',
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      momentum: 0.9,
      centered: true,
    });
    assert.deepEqual(opt('adagrad').optimizer, { kind: 'adagrad', lr: 1e-2, eps: 1e-10, lrDecay: 0, initialAccumulatorValue: 0 });
    assert.deepEqual(opt('adagrad lr_decay 0.01 initial_accumulator_value 0.1').optimizer, {
      kind: 'adagrad',
      lr: 1e-2,
      eps: 1e-10,
      lrDecay: 0.01,
      initialAccumulatorValue: 0.1,
    });
    const adamw = opt('adamw amsgrad');
    assert.deepEqual(adamw.optimizer, { kind: 'adamw', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: true });
    assert.equal(adamw.weightDecay, 0.01);
    assert.equal(opt('adamw weight_decay 0.1').weightDecay, 0.1);
    assert.equal(opt('adam weight_decay 0.001').weightDecay, 0.001);
    assert.equal(only('  loss: mse\n  optimizer: adamw\n  weight_decay: 0').weightDecay, 0);
    assert.equal(only('  loss: mse\n  l2: 0.5').weightDecay, 0.5);
  });

  it('lets weight decay and L1 reach every parameter unless `exclude bias_norm`', () => {
    const c = only('  loss: mse\n  weight_decay: 0.01 exclude bias_norm\n  l1: 0.001');
    assert.deepEqual([c.weightDecay, c.weightDecayOn, c.l1, c.l1On], [0.01, 'weights', 0.001, 'all']);
    const d = only('  loss: mse\n  optimizer: adamw\n  l1: 0.001 exclude bias_norm');
    assert.deepEqual([d.weightDecay, d.weightDecayOn, d.l1On], [0.01, 'all', 'weights']);
  });

  it('resolves each loss', () => {
    const loss = (line: string) => only(`  loss: ${line}`).loss;
    assert.deepEqual(loss('mse'), { kind: 'mse' });
    assert.deepEqual(loss('mae'), { kind: 'mae' });
    assert.deepEqual(loss('huber'), { kind: 'huber', delta: 1 });
    assert.deepEqual(loss('huber delta 0.5'), { kind: 'huber', delta: 0.5 });
    assert.deepEqual(loss('cross_entropy label_smoothing 0.1'), { kind: 'cross_entropy', labelSmoothing: 0.1 });
  });

  it('resolves each schedule, a warmup with what follows it', () => {
    const schedule = (line: string) => only(`  loss: mse\n  epochs: 30\n  schedule: ${line}`).schedule;
    assert.deepEqual(schedule('constant'), { kind: 'constant' });
    assert.deepEqual(schedule('step 10'), { kind: 'step', stepSize: 10, gamma: 0.1, per: 'epoch' });
    assert.deepEqual(schedule('step 5 gamma 0.5 per step'), { kind: 'step', stepSize: 5, gamma: 0.5, per: 'step' });
    assert.deepEqual(schedule('exponential 0.9'), { kind: 'exponential', gamma: 0.9, per: 'epoch' });
    assert.deepEqual(schedule('cosine'), { kind: 'cosine', minLr: 0, per: 'epoch' }); // t_max: the run's length when it runs
    assert.deepEqual(schedule('cosine t_max 10 min_lr 0.001'), { kind: 'cosine', tMax: 10, minLr: 0.001, per: 'epoch' });
    assert.deepEqual(schedule('cosine per step'), { kind: 'cosine', minLr: 0, per: 'step' });
    assert.deepEqual(schedule('onecycle max_lr 0.1 three_phase anneal linear'), {
      kind: 'onecycle',
      maxLr: 0.1,
      pctStart: 0.3,
      anneal: 'linear',
      divFactor: 25,
      finalDivFactor: 1e4,
      threePhase: true,
    });
    assert.deepEqual(schedule('warmup 100'), { kind: 'warmup', steps: 100, then: { kind: 'constant' } });
    assert.deepEqual(schedule('warmup 100 then cosine'), { kind: 'warmup', steps: 100, then: { kind: 'cosine', minLr: 0, per: 'epoch' } });
    const warm = (lines: string) => only(`  loss: mse\n${lines}`).schedule;
    assert.deepEqual(warm('  warmup: 3 epochs start_factor 0.1\n  schedule: cosine per step'), {
      kind: 'warmup',
      steps: 3,
      unit: 'epoch',
      startFactor: 0.1,
      then: { kind: 'cosine', minLr: 0, per: 'step' },
    });
    assert.deepEqual(warm('  warmup: 100 steps'), {
      kind: 'warmup',
      steps: 100,
      unit: 'step',
      startFactor: 1 / 3,
      then: { kind: 'constant' },
    });
  });

  it('resolves the other settings', () => {
    const config = only(
      '  loss: cross_entropy\n  epochs: 3\n  batch_size: 8\n  l1: 0.001\n  clip: 1.5\n' +
        '  metrics: accuracy, f1\n  early_stop: val_accuracy patience 2 min_delta 0.01\n  stop_when: loss < 0.1\n  seed: 9\n  device: cpu',
    );
    assert.equal(config.epochs, 3);
    assert.equal(config.batch, 8);
    assert.equal(config.l1, 0.001);
    assert.equal(config.clipNorm, 1.5);
    assert.deepEqual(config.metrics, ['accuracy', 'f1']);
    assert.deepEqual(config.earlyStop, { monitor: 'val_accuracy', patience: 2, minDelta: 0.01, mode: 'max', restoreBest: true });
    assert.deepEqual(config.stopWhen, { metric: 'loss', below: 0.1 });
    assert.equal(config.seed, 9);
    assert.equal(config.device, 'cpu');
    assert.deepEqual(only('  loss: mse\n  early_stop: val_loss').earlyStop, {
      monitor: 'val_loss',
      patience: 5,
      minDelta: 0,
      mode: 'min',
      restoreBest: true,
    });
    assert.equal(only('  loss: mse\n  early_stop: val_loss restore_best off').earlyStop?.restoreBest, false);
    assert.deepEqual(only('  loss: mse\n  stop_when: loss below 0.2').stopWhen, { metric: 'loss', below: 0.2 });
  });

  it('expands a sweep into one config per value', () => {
    const runs = configs('  loss: cross_entropy\n  optimizer: sgd lr 0.1 momentum 0.9\n  sweep: lr [0.1, 0.01, 0.001]');
    assert.deepEqual(
      runs.map((c) => c.optimizer),
      [0.1, 0.01, 0.001].map((lr) => ({ kind: 'sgd', lr, momentum: 0.9, nesterov: false, dampening: 0 })),
    );
    assert.deepEqual(
      runs.map((c) => c.sweep),
      [{ 'optimizer.lr': 0.1 }, { 'optimizer.lr': 0.01 }, { 'optimizer.lr': 0.001 }],
    );
  });

  it('sweeps whole settings, absent settings, and grids', () => {
    assert.deepEqual(
      configs('  loss: mse\n  sweep: optimizer [sgd, adam]').map((c) => c.optimizer.kind),
      ['sgd', 'adam'],
    );
    assert.deepEqual(
      configs('  loss: mse\n  optimizer: sgd lr 0.1\n  sweep: momentum 0.5 0.9').map((c) => c.optimizer),
      [
        { kind: 'sgd', lr: 0.1, momentum: 0.5, nesterov: false, dampening: 0 },
        { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: false, dampening: 0 },
      ],
    );
    assert.deepEqual(
      configs('  loss: mse\n  sweep: lr [0.5]').map((c) => c.optimizer),
      [{ kind: 'adam', lr: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false }],
    );
    assert.deepEqual(
      configs('  loss: huber\n  sweep: loss.delta [2, 3]').map((c) => c.loss),
      [
        { kind: 'huber', delta: 2 },
        { kind: 'huber', delta: 3 },
      ],
    );
    const grid = configs('  loss: mse\n  batch: 4\n  sweep: batch [16, 32]\n  sweep: seed [1, 2, 3]');
    assert.equal(grid.length, 6);
    assert.deepEqual(
      grid.map((c) => [c.batch, c.seed]),
      [
        [16, 1],
        [16, 2],
        [16, 3],
        [32, 1],
        [32, 2],
        [32, 3],
      ],
    );
    assert.deepEqual(grid[4].sweep, { batch: 32, seed: 2 });
  });
});

describe('data blocks resolve to DataSpec', () => {
  const spec = (settings: string) => {
    const analysis = analyze(`data d {\n${settings}\n}\n`);
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.message),
      [],
    );
    return analysis.data[0].spec;
  };
  it('fills defaults for a synthetic source', () => {
    assert.deepEqual(spec('  source: synthetic(spiral)'), {
      name: 'd',
      range: { startLine: 0, startCol: 0, endLine: 2, endCol: 1 },
      source: { kind: 'synthetic', generator: 'spiral', size: 1000, noise: 0.1, classes: 3, features: 2, seed: 0 },
      testSource: null,
      scale: null,
      normalize: null,
      split: { val: 0, test: 0 },
      shuffle: { seed: 0 },
      augment: [],
    });
  });
  it('reads every source and setting', () => {
    assert.deepEqual(spec('  source: synthetic(linear, features 3, targets 2, size 10, noise 0, seed 4)')?.source, {
      kind: 'synthetic',
      generator: 'linear',
      size: 10,
      noise: 0,
      classes: 0,
      features: 3,
      seed: 4,
      targets: 2,
    });
    assert.deepEqual(spec('  source: csv("iris.csv", target: species, features: [a, b])')?.source, {
      kind: 'csv',
      path: 'iris.csv',
      target: 'species',
      features: ['a', 'b'],
    });
    assert.deepEqual(spec('  source: idx("i.gz", "l.gz")')?.source, { kind: 'idx', images: 'i.gz', labels: 'l.gz' });
    const full = spec(
      '  source: images("pics")\n  test: images("test")\n  scale: 1/255\n  normalize: minmax\n  split: val 0.1\n  shuffle: off\n  augment: flip crop shift',
    );
    assert.deepEqual(full?.source, { kind: 'images', folder: 'pics' });
    assert.deepEqual(full?.testSource, { kind: 'images', folder: 'test' });
    assert.equal(full?.scale, 1 / 255);
    assert.equal(full?.normalize, 'minmax');
    assert.deepEqual(full?.split, { val: 0.1, test: 0 });
    assert.deepEqual(spec('  source: synthetic(xor)\n  split: val 0.1 test 0.2')?.split, { val: 0.1, test: 0.2 });
    assert.equal(full?.shuffle, 'off');
    assert.deepEqual(full?.augment, ['flip', 'crop', 'shift']);
    assert.deepEqual(spec('  source: synthetic(xor)\n  shuffle: seed 7')?.shuffle, { seed: 7 });
  });
});

describe('runsForModel', () => {
  it('joins configs with their graph and data', () => {
    const analysis = analyze(trainWith('  loss: cross_entropy\n  sweep: seed [1, 2]'));
    const runs = runsForModel(analysis, 'm');
    assert.equal(runs.length, 2);
    assert.equal(runs[0].graph.name, 'm');
    assert.equal(runs[0].data.name, 'toy');
    assert.deepEqual(runsForModel(analysis, 'nope'), []);
  });
});
