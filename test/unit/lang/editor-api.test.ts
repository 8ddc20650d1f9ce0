// The API the editor features build on: findAt, hover, completion, outline, formatter.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';
import { completionsAt } from '../../../src/lang/completion';
import { formatEdits, formatText } from '../../../src/lang/format';
import { hoverAt } from '../../../src/lang/hover';
import { findAt } from '../../../src/lang/position';
import { documentSymbols } from '../../../src/lang/symbols';

const FILE = `# Spirals
# second line

data spiral {
  source: synthetic(spiral, classes 3)
  split: val 0.1
}

model net(input [2]) {
  dense 16 relu
  repeat 2 {
    dense 16 relu
  }
  dense 3
}

train net on spiral {
  loss: cross_entropy
  optimizer: adam lr 0.01
}
`;

/** Position of the n-th occurrence of `needle` (plus an offset into it). */
function at(text: string, needle: string, offset = 0, nth = 0): { line: number; col: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `no ${needle}`);
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, col: before.length - before.lastIndexOf('\n') - 1 };
}

describe('editor API: findAt', () => {
  const analysis = analyze(FILE);
  it('finds the layer line and its graph layers', () => {
    const info = findAt(analysis, at(FILE, 'dense 16 relu', 2));
    assert.equal(info.block?.kind, 'model');
    assert.equal(info.layer?.def?.name, 'dense');
    assert.deepEqual(
      info.layer?.infos.map((l) => l.outputShape),
      [[16]],
    );
    assert.equal(info.word?.name, 'dense');
  });
  it('finds every repetition of a layer inside repeat, and its ancestors', () => {
    const info = findAt(analysis, at(FILE, 'dense 16 relu', 0, 1));
    assert.deepEqual(
      info.layer?.infos.map((l) => l.repetition),
      [0, 1],
    );
    assert.deepEqual(
      info.layer?.ancestors.map((s) => s.name.name),
      ['repeat'],
    );
  });
  it('finds settings and words inside calls', () => {
    const info = findAt(analysis, at(FILE, 'classes 3', 1));
    assert.equal(info.setting?.def?.key, 'source');
    assert.equal(info.word?.name, 'classes');
    assert.equal(info.data?.name, 'spiral');
    assert.equal(findAt(analysis, { line: 1, col: 3 }).block, null);
  });
});

describe('editor API: hover', () => {
  const analysis = analyze(FILE);
  const hover = (needle: string, offset = 1, nth = 0) => hoverAt(analysis, at(FILE, needle, offset, nth))?.markdown ?? '';
  it('shows a layer with its shape, params and docs', () => {
    const md = hover('dense 3');
    assert.match(md, /output \[3\] · 51 params · 48 FLOPs/);
    assert.match(md, /Fully connected layer/);
    assert.match(md, /nn\.Linear/);
  });
  it('shows options, activations, settings, choices and their options', () => {
    assert.match(hover('relu', 1), /\*\*relu\*\* \(activation\)/);
    assert.match(hover('loss:'), /\*\*loss\*\* — The loss to minimise/);
    assert.match(hover('cross_entropy'), /CrossEntropyLoss/);
    assert.match(hover('adam'), /torch\.optim\.Adam/);
    assert.match(hover('lr 0.01'), /\*\*lr\*\*.*default 0\.001/);
    assert.match(hover('classes 3'), /Number of classes/);
    assert.match(hover('input'), /Shape of one sample/);
  });
  it('shows the model summary on its name and on references', () => {
    assert.match(hover('net(input'), /\*\*model net\*\*: \[2\] → \[3\]/);
    assert.match(hover('net on'), /\*\*model net\*\*/);
    assert.equal(hoverAt(analysis, { line: 0, col: 2 }), null);
  });
});

describe('editor API: completion', () => {
  const labels = (text: string, pos: { line: number; col: number }) => completionsAt(analyze(text), pos).items.map((i) => i.label);
  it('offers blocks at the top level', () => {
    assert.deepEqual(labels('', { line: 0, col: 0 }), ['data', 'model', 'train']);
  });
  it('offers layers at the start of a model line, with docs', () => {
    const text = 'model m(input [2]) {\n  de\n}\n';
    const result = completionsAt(analyze(text), { line: 1, col: 4 });
    assert.deepEqual(result.replaceRange, { startLine: 1, startCol: 2, endLine: 1, endCol: 4 });
    const dense = result.items.find((i) => i.label === 'dense');
    assert.equal(dense?.kind, 'layer');
    assert.match(dense?.documentation ?? '', /Fully connected/);
    assert.ok(result.items.some((i) => i.label === 'residual'));
  });
  it('offers a layer its options and activations, then an option its values', () => {
    const text = 'model m(input [1, 8, 8]) {\n  conv2d 8 kernel 3 \n}\n';
    const options = labels(text, { line: 1, col: 20 });
    assert.ok(options.includes('stride') && options.includes('pad') && options.includes('relu'));
    assert.ok(!options.includes('kernel'));
    const text2 = 'model m(input [1, 8, 8]) {\n  conv2d 8 kernel 3 pad \n}\n';
    assert.deepEqual(labels(text2, { line: 1, col: 24 }), ['same', 'valid']);
    const text3 = 'model m(input [2]) {\n  dense 8 init \n}\n';
    assert.ok(labels(text3, { line: 1, col: 15 }).includes('he_normal'));
  });
  it('offers setting keys not yet used, then their values and options', () => {
    const text = 'train m on d {\n  loss: mse\n  \n}\n';
    const keys = labels(text, { line: 2, col: 2 });
    assert.ok(keys.includes('optimizer') && keys.includes('sweep') && !keys.includes('loss'));
    const text2 = 'train m on d {\n  optimizer: \n}\n';
    assert.deepEqual(labels(text2, { line: 1, col: 13 }), ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad']);
    assert.ok(labels('train m on d {\n  schedule: \n}\n', { line: 1, col: 12 }).includes('onecycle'));
    assert.ok(labels('train m on d {\n  loss: \n}\n', { line: 1, col: 8 }).includes('bce_with_logits'));
    const text3 = 'train m on d {\n  optimizer: sgd lr 0.1 \n}\n';
    assert.deepEqual(labels(text3, { line: 1, col: 24 }), ['momentum', 'nesterov', 'dampening', 'weight_decay']);
    const adam = 'train m on d {\n  optimizer: adam \n}\n';
    assert.ok(labels(adam, { line: 1, col: 18 }).includes('amsgrad'));
    const adagrad = 'train m on d {\n  optimizer: adagrad \n}\n';
    assert.ok(['lr_decay', 'initial_accumulator_value'].every((o) => labels(adagrad, { line: 1, col: 21 }).includes(o)));
    const cosine = 'train m on d {\n  schedule: cosine per \n}\n';
    assert.deepEqual(labels(cosine, { line: 1, col: 23 }), ['epoch', 'step']);
    const decay = 'train m on d {\n  weight_decay: 0.01 exclude \n}\n';
    assert.deepEqual(labels(decay, { line: 1, col: 29 }), ['none', 'bias_norm']);
    const text4 = 'data d {\n  source: synthetic(\n}\n';
    assert.ok(labels(text4, { line: 1, col: 20 }).includes('moons'));
    const text5 = 'train m on d {\n  metrics: accuracy, \n}\n';
    assert.ok(!labels(text5, { line: 1, col: 21 }).includes('accuracy') && labels(text5, { line: 1, col: 21 }).includes('f1'));
  });
  it('offers model and data names in a train header', () => {
    const text = 'data d1 {\n  source: synthetic(xor)\n}\nmodel m1(input [2]) {\n  dense 1\n}\ntrain \n';
    assert.deepEqual(labels(text, { line: 6, col: 6 }), ['m1']);
    assert.deepEqual(labels('data d1 {\n}\ntrain m on \n', { line: 2, col: 11 }), ['d1']);
  });
});

describe('editor API: outline', () => {
  it('lists notes, blocks, layers and settings with their ranges', () => {
    const symbols = documentSymbols(analyze(FILE));
    assert.deepEqual(
      symbols.map((s) => [s.kind, s.name]),
      [
        ['note', 'Spirals'],
        ['data', 'spiral'],
        ['model', 'net'],
        ['train', 'train net on spiral'],
      ],
    );
    const model = symbols[2];
    assert.equal(model.detail, '[2] → [3]');
    assert.deepEqual(
      model.children.map((c) => [c.name, c.detail]),
      [
        ['dense 16 relu', '[16]'],
        ['repeat 2', '[16]'],
        ['dense 3', '[3]'],
      ],
    );
    assert.deepEqual(
      model.children[1].children.map((c) => c.name),
      ['dense 16 relu'],
    );
    assert.deepEqual(symbols[0].range, { startLine: 0, startCol: 0, endLine: 1, endCol: 13 });
  });
});

describe('editor API: formatter', () => {
  it('re-indents, normalises spacing and keeps notes', () => {
    const messy =
      '# note\ndata d{\n source :synthetic( moons ,size 100 )  # why\nscale: 1 / 255\n}\n' +
      'model m( input [ 2 ] ){\n      residual {\n dense 2   relu\n}\n  dense 1 init uniform low - 0.1\n}\n\n\n\n' +
      'train m on d {\nloss:mse\n}';
    const expected =
      '# note\ndata d {\n  source: synthetic(moons, size 100) # why\n  scale: 1/255\n}\n\n' +
      'model m(input [2]) {\n  residual {\n    dense 2 relu\n  }\n  dense 1 init uniform low -0.1\n}\n\n' +
      'train m on d {\n  loss: mse\n}\n';
    assert.equal(formatText(messy), expected);
    assert.equal(formatText(expected), expected);
  });
  it('returns no edits for a formatted file and one whole-document edit otherwise', () => {
    assert.deepEqual(formatEdits(FILE), []);
    const edits = formatEdits('data d {\nscale: 2\n}');
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, 'data d {\n  scale: 2\n}\n');
    assert.deepEqual(edits[0].range, { startLine: 0, startCol: 0, endLine: 2, endCol: 1 });
  });
  it('keeps lines it cannot read, re-indented only', () => {
    assert.equal(formatText('data d {\nscale: "oops\n}\n'), 'data d {\n  scale: "oops\n}\n');
    assert.equal(
      formatText('model m(input [2]) {\n    dense 4 @ relu\n}\n', { indent: 4 }),
      'model m(input [2]) {\n    dense 4 @ relu\n}\n',
    );
  });
  it('preserves CRLF line endings', () => {
    assert.equal(formatText('data d {\r\nscale: 2\r\n}\r\n'), 'data d {\r\n  scale: 2\r\n}\r\n');
  });
});
