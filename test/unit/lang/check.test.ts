import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';
import { diagnosticsOf, errorsOf, modelWith, TOY, trainWith, warningsOf } from './helpers';

describe('checker: layers', () => {
  it('suggests the closest layer name, option and activation', () => {
    assert.deepEqual(errorsOf(modelWith('[2]', '  dens 4')), ["unknown layer 'dens'; did you mean 'dense'?"]);
    assert.deepEqual(errorsOf(modelWith('[1, 8, 8]', '  conv2d 4 kernal 3')), ["conv2d has no option 'kernal'; did you mean 'kernel'?"]);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense 4 relo')), ["dense has no option 'relo'; did you mean 'relu'?"]);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense 4 init he_norml')), ["unknown initialiser 'he_norml'; did you mean 'he_normal'?"]);
  });

  it('checks argument types and ranges', () => {
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense 2.5')), ['dense: units needs a whole number >= 1, got 2.5']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense relu')), ['dense needs units (a whole number >= 1)']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dropout 1.5')), ['dropout: p needs a number >= 0 and < 1, got 1.5']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dropout 1')), ['dropout: p needs a number >= 0 and < 1, got 1']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dropout 0')), []); // PyTorch allows p = 0: the identity
    assert.deepEqual(errorsOf(modelWith('[1, 8, 8]', '  conv2d 4 kernel 3 pad full')), [
      'conv2d: pad needs same | valid | N | [N, M], got full',
    ]);
    assert.deepEqual(errorsOf(modelWith('[1, 8, 8]', '  conv2d 4 kernel [3, 3, 3]')), ['conv2d: kernel needs N or [N, M], got [3, 3, 3]']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense 4 8')), ['dense: unexpected value 8']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  batchnorm eps 0')), ['batchnorm: eps needs a number > 0, got 0']);
  });

  it('reports a second activation and a misplaced body', () => {
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense 4 relu tanh')), [
      'dense already has the activation relu; put a second one on its own line',
    ]);
    assert.deepEqual(errorsOf(modelWith('[2]', '  dense 4 {\n  }')), ['dense takes no { ... } body']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  residual')), ['residual needs a body: residual { ... }']);
    assert.deepEqual(errorsOf(modelWith('[2]', '  repeat {\n    dense 2\n  }')), ['repeat needs times (a whole number >= 1)']);
  });

  it('warns when an option is given twice', () => {
    assert.deepEqual(warningsOf(modelWith('[1, 8, 8]', '  conv2d 4 kernel 3 kernel 5')), [
      "conv2d: 'kernel' is given twice; the last one counts",
    ]);
  });

  it('needs the model input', () => {
    assert.deepEqual(errorsOf('model m() {\n  dense 1\n}\n'), ['model m needs input (a shape like [784] or [3, 32, 32]) or tokens [T]']);
    assert.deepEqual(errorsOf('model m(input [0]) {\n  dense 1\n}\n'), ['model m: input needs a shape like [784] or [3, 32, 32], got [0]']);
  });

  it('reports shape mismatches naming the layer, what it got and what it needs', () => {
    assert.deepEqual(diagnosticsOf(modelWith('[3, 8, 8]', '  conv2d 4 kernel 3\n  dense 10')), [
      "3:3 error: dense 10 got [4, 6, 6] but needs a vector [features]; add 'flatten' (or 'global_avgpool') before it",
    ]);
    assert.deepEqual(errorsOf(modelWith('[16]', '  conv2d 4 kernel 3')), [
      'conv2d 4 kernel 3 got [16] but needs an image [channels, height, width]',
    ]);
    assert.deepEqual(errorsOf(modelWith('[1, 2, 2]', '  conv2d 4 kernel 5')), [
      'conv2d 4 kernel 5: its 5×5 kernel does not fit its input [1, 2, 2]; use pad same or a smaller kernel',
    ]);
    assert.deepEqual(errorsOf(modelWith('[1, 2, 2]', '  maxpool 3')), ['maxpool 3: its 3×3 window does not fit its input [1, 2, 2]']);
    assert.deepEqual(errorsOf(modelWith('[4]', '  global_avgpool')), [
      'global_avgpool got [4] but needs an image [channels, height, width]',
    ]);
    assert.deepEqual(errorsOf(modelWith('[2, 3]', '  batchnorm')), [
      'batchnorm got [2, 3] but needs [features] or [channels, height, width]',
    ]);
    assert.deepEqual(errorsOf(modelWith('[8]', '  residual {\n    dense 4\n  }')), [
      'residual: its body ends with [4] but its input is [8]; the two must match to be added',
    ]);
  });

  it('gives one diagnostic for a typo and keeps the shapes before it', () => {
    const analysis = analyze(modelWith('[2]', '  dense 4 relu\n  flaten\n  dense 3'));
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.message),
      ["unknown layer 'flaten'; did you mean 'flatten'?"],
    );
    assert.equal(analysis.models[0].graph, null);
    assert.deepEqual(
      analysis.models[0].layers.map((l) => l.outputShape),
      [[4]],
    );
  });

  it('refuses models too large to analyse instead of freezing', () => {
    assert.deepEqual(errorsOf(modelWith('[2]', '  repeat 1000 {\n    repeat 1000 {\n      dense 2\n    }\n  }')), [
      'the model has more than 200,000 ops; make it smaller',
    ]);
    assert.deepEqual(errorsOf(modelWith('[2]', '  repeat 5000 {\n    dense 2\n  }')), [
      'repeat: times needs a whole number >= 1, got 5000; the limit is 1,000',
    ]);
  });

  it('reports duplicate names', () => {
    assert.deepEqual(errorsOf(`${modelWith('[2]', '  dense 1')}\n${modelWith('[2]', '  dense 1')}`), [
      "a model named 'm' is already defined above",
    ]);
  });
});

describe('checker: data blocks', () => {
  const data = (settings: string) => `data d {\n${settings}\n}\n`;
  it('needs a source and suggests settings and generators', () => {
    assert.deepEqual(errorsOf(data('  scale: 2')), ["data d needs a 'source' setting, as in 'source: synthetic(spiral, classes 3)'"]);
    assert.deepEqual(errorsOf(data('  source: synthetic(moon)')), [
      "source synthetic: generator needs xor | circles | moons | spiral | blobs | linear | sine | adding | addition, got 'moon'; did you mean 'moons'?",
    ]);
    assert.deepEqual(errorsOf(data('  source: sinthetic(xor)')), ["unknown source 'sinthetic'; did you mean 'synthetic'?"]);
    assert.deepEqual(errorsOf(data('  source: synthetic(xor)\n  shufle: off')), ["unknown data setting 'shufle'; did you mean 'shuffle'?"]);
  });
  it('checks source arguments', () => {
    assert.deepEqual(errorsOf(data('  source: csv("a.csv")')), ['source csv needs target (a name)']);
    assert.deepEqual(errorsOf(data('  source: idx("a")')), ['source idx needs labels (a quoted path)']);
    assert.deepEqual(errorsOf(data('  source: images(shapes)')), ['source images: folder needs a quoted path in quotes, got shapes']);
    assert.deepEqual(errorsOf(data('  source: synthetic(xor, size -5)')), ['source synthetic: size needs a whole number >= 1, got -5']);
  });
  it('checks split, normalize and augment', () => {
    assert.deepEqual(errorsOf(data('  source: synthetic(xor)\n  split: val 0.6 test 0.5')), [
      'split: val + test must leave some training data (their sum must be below 1)',
    ]);
    assert.deepEqual(errorsOf(data('  source: synthetic(xor)\n  normalize: zscore')), [
      "normalize: method needs standardize | minmax, got 'zscore'",
    ]);
    assert.deepEqual(errorsOf(data('  source: synthetic(xor)\n  augment: flip, rotate')), ["augment: unknown 'rotate'"]);
  });
  it('warns about options a generator ignores', () => {
    assert.deepEqual(warningsOf(data('  source: synthetic(moons, classes 3)')), ["moons always has 2 classes; 'classes' is ignored"]);
    assert.deepEqual(warningsOf(data('  source: synthetic(spiral, features 3)')), [
      "spiral has a fixed number of features; 'features' is ignored",
    ]);
  });
});

describe('checker: train blocks', () => {
  it('names a missing model or data set with a suggestion', () => {
    assert.deepEqual(errorsOf(trainWith('  loss: mse', 'train n on toy')), ["no model named 'n'; did you mean 'm'?"]);
    assert.deepEqual(errorsOf(trainWith('  loss: mse', 'train m on tooy')), ["no data set named 'tooy'; did you mean 'toy'?"]);
  });
  it('needs a loss and suggests settings, losses and optimizers', () => {
    assert.deepEqual(errorsOf(trainWith('  epochs: 3')), ["train m needs a 'loss' setting, as in 'loss: cross_entropy'"]);
    assert.deepEqual(errorsOf(trainWith('  loss: crossentropy')), ["unknown loss 'crossentropy'; did you mean 'cross_entropy'?"]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  optimiser: adam')), [
      "unknown train setting 'optimiser'; did you mean 'optimizer'?",
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  optimizer: adma')), ["unknown optimizer 'adma'; did you mean 'adam'?"]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  optimizer: sgd lr 0.1 momentun 0.9')), [
      "optimizer sgd has no option 'momentun'; did you mean 'momentum'?",
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  epochs: ten')), ['epochs needs a whole number >= 1, got ten']);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  device: gpu')), [
      "device needs auto | webgpu | cpu, got 'gpu'; did you mean 'cpu'?",
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  metrics: acuracy')), [
      "metrics: unknown 'acuracy'; did you mean 'accuracy'?",
    ]);
  });
  it('checks optimizer and schedule details', () => {
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  optimizer: sgd nesterov')), [
      'sgd: nesterov needs momentum > 0 and dampening 0 (as in PyTorch)',
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  schedule: step')), [
      'schedule step needs step_size (a whole number >= 1)',
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  schedule: warmup 10 then warmup 5')), [
      'schedule: a warmup cannot follow a warmup',
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  schedule: warmup 10 then cosin')), [
      "unknown schedule 'cosin'; did you mean 'cosine'?",
    ]);
  });
  it('checks what early_stop and stop_when watch', () => {
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  early_stop: val_accuracy')), [
      "early_stop watches 'val_accuracy', which this run does not compute; add 'accuracy' to metrics",
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  stop_when: val_los < 0.1')), [
      "stop_when watches 'val_los', which this run does not compute; did you mean 'val_loss'?",
    ]);
    const noVal =
      `data d {\n  source: synthetic(moons)\n}\n${modelWith('[2]', '  dense 2')}\n` +
      `train m on d {\n  loss: cross_entropy\n  early_stop: val_loss\n}\n`;
    assert.deepEqual(warningsOf(noVal), ["early_stop watches val_loss, but data d has no validation split; add 'split: val 0.1'"]);
  });
  it('checks sweeps', () => {
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  sweep: lrr [1, 2]')), [
      "sweep: unknown setting 'lrr'; did you mean 'lr'?",
    ]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  sweep: lr')), ["sweep: 'lr' needs values, as in 'sweep: lr [a, b]'"]);
    assert.deepEqual(errorsOf(trainWith('  loss: cross_entropy\n  sweep: lr [0.1, -1]')), [
      'optimizer adam: lr needs a number > 0, got -1',
    ]);
    assert.deepEqual(
      errorsOf(
        trainWith(
          '  loss: cross_entropy\n' +
            '  sweep: batch [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n' +
            '  sweep: seed [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]',
        ),
      ),
      ['this sweep makes 272 runs; at most 256 are allowed'],
    );
  });
});

describe('checker: the loss against the model and data', () => {
  const file = (lastLayer: string, loss: string, source = 'synthetic(moons)') =>
    `data d {\n  source: ${source}\n}\n${modelWith('[2]', `  dense 8 relu\n  ${lastLayer}`)}\ntrain m on d {\n  loss: ${loss}\n}\n`;
  it('bce_with_logits takes the logit: one output unit, no sigmoid after it', () => {
    assert.deepEqual(diagnosticsOf(file('dense 1', 'bce_with_logits')), []);
    assert.deepEqual(diagnosticsOf(file('dense 1', 'bce_with_logits pos_weight 2')), []);
    assert.deepEqual(analyze(file('dense 1', 'bce_with_logits pos_weight 2')).trains[0]!.configs[0]!.loss, {
      kind: 'binary_cross_entropy',
      logits: true,
      posWeight: 2,
    });
    assert.deepEqual(warningsOf(file('dense 1 sigmoid', 'bce_with_logits')), [
      'bce_with_logits applies the sigmoid itself (it takes logits): remove the final sigmoid of model m',
    ]);
    assert.deepEqual(errorsOf(file('dense 2', 'bce_with_logits')), [
      "bce_with_logits needs 1 output unit, but model m ends with [2]; end it with 'dense 1', or use cross_entropy",
    ]);
  });

  it('binary_cross_entropy needs one output unit, ideally after sigmoid', () => {
    assert.deepEqual(errorsOf(file('dense 2', 'binary_cross_entropy')), [
      "binary_cross_entropy needs 1 output unit, but model m ends with [2]; end it with 'dense 1 sigmoid', or use cross_entropy",
    ]);
    assert.deepEqual(warningsOf(file('dense 1', 'binary_cross_entropy')), [
      'binary_cross_entropy takes probabilities: end model m with sigmoid, or use bce_with_logits',
    ]);
    assert.deepEqual(diagnosticsOf(file('dense 1 sigmoid', 'binary_cross_entropy')), []);
    assert.deepEqual(errorsOf(file('dense 1 sigmoid', 'bce', 'synthetic(spiral, classes 3)')), [
      'binary_cross_entropy needs 2 classes, but data d has 3; use cross_entropy',
    ]);
  });
  it('cross_entropy needs >= 2 outputs matching the classes, and integer labels', () => {
    assert.deepEqual(errorsOf(file('dense 1', 'cross_entropy')), [
      'cross_entropy needs >= 2 outputs (one per class), but model m ends with [1]; for one output use binary_cross_entropy with sigmoid',
    ]);
    assert.deepEqual(errorsOf(file('dense 4', 'cross_entropy')), [
      "data d has 2 classes, but model m ends with [4]; make the last layer 'dense 2'",
    ]);
    assert.deepEqual(errorsOf(file('dense 2', 'cross_entropy', 'synthetic(linear, features 2)')), [
      'cross_entropy needs integer class labels, but data d is a regression; use mse',
    ]);
    assert.deepEqual(warningsOf(file('dense 2 softmax', 'cross_entropy')), [
      'cross_entropy applies softmax itself (it takes logits): remove the final softmax of model m',
    ]);
    assert.deepEqual(diagnosticsOf(file('dense 10', 'cross_entropy', 'idx("a", "b")')), []);
  });
  it('mse fits any output, but a regression fixes the number of targets', () => {
    assert.deepEqual(diagnosticsOf(file('dense 7', 'mse', 'csv("x.csv", target: y)')), []);
    assert.deepEqual(errorsOf(file('dense 3', 'mse', 'synthetic(linear, features 2, targets 2)')), [
      'data d has 2 targets per example, but model m ends with [3]',
    ]);
  });
  it('the data must fit the model input', () => {
    assert.deepEqual(errorsOf(file('dense 2', 'cross_entropy', 'synthetic(blobs, features 5)')).slice(0, 1), [
      'data d gives 5 features per example, but model m takes input [2]',
    ]);
  });
  it('warns about classification metrics on a regression', () => {
    const text = `data d {\n  source: synthetic(sine)\n}\n${modelWith('[1]', '  dense 1')}\ntrain m on d {\n  loss: mse\n  metrics: accuracy, r2\n}\n`;
    assert.deepEqual(warningsOf(text), ['accuracy needs class labels, but data d is a regression; use mae or r2']);
  });
  it('the toy file is clean', () => {
    assert.deepEqual(diagnosticsOf(trainWith('  loss: cross_entropy')), []);
    assert.ok(TOY.length > 0);
  });
});
