import { strict as assert } from 'node:assert';
import type { CallExpr, DataBlock, ListLit, ModelBlock, NumberLit, TrainBlock } from '../../../src/lang/ast';
import { valueText } from '../../../src/lang/ast';
import { parse } from '../../../src/lang/parser';

const errors = (text: string) => parse(text).diagnostics.map((d) => `${d.range.startLine + 1}:${d.range.startCol + 1} ${d.message}`);

describe('parser: constructs', () => {
  it('parses a data block with calls, fractions and settings', () => {
    const { file, diagnostics } = parse('data d {\n  source: csv("x.csv", target: y)\n  scale: 1/255\n  split: val 0.1 test 0.2\n}\n');
    assert.deepEqual(diagnostics, []);
    const block = file.blocks[0] as DataBlock;
    assert.equal(block.kind, 'data');
    assert.equal(block.name?.name, 'd');
    assert.deepEqual(
      block.settings.map((s) => s.key.name),
      ['source', 'scale', 'split'],
    );
    const call = block.settings[0].values[0] as CallExpr;
    assert.equal(call.callee.name, 'csv');
    assert.deepEqual(
      call.args.map((a) => [a.key?.name ?? null, a.values.map(valueText)]),
      [
        [null, ['"x.csv"']],
        ['target', ['y']],
      ],
    );
    const scale = block.settings[1].values[0] as NumberLit;
    assert.equal(scale.value, 1 / 255);
    assert.equal(scale.text, '1/255');
    assert.deepEqual(block.range, { startLine: 0, startCol: 0, endLine: 4, endCol: 1 });
  });

  it('parses a model header and layers, with residual and repeat bodies', () => {
    const text =
      'model net(input [3, 32, 32], init he_normal) {\n  conv2d 8 kernel 3 pad same relu\n  repeat 2 {\n    residual {\n      dense 4\n    }\n  }\n}\n';
    const { file, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const model = file.blocks[0] as ModelBlock;
    assert.equal(model.name?.name, 'net');
    assert.deepEqual(
      model.header.map((a) => a.values.map(valueText)),
      [
        ['input', '[3, 32, 32]'],
        ['init', 'he_normal'],
      ],
    );
    assert.deepEqual(
      model.layers.map((l) => l.name.name),
      ['conv2d', 'repeat'],
    );
    assert.deepEqual(model.layers[0].values.map(valueText), ['8', 'kernel', '3', 'pad', 'same', 'relu']);
    const repeat = model.layers[1];
    assert.equal(repeat.body?.[0].name.name, 'residual');
    assert.equal(repeat.body?.[0].body?.[0].name.name, 'dense');
    assert.deepEqual(repeat.range, { startLine: 2, startCol: 2, endLine: 6, endCol: 3 });
    assert.deepEqual(model.layers[0].range, { startLine: 1, startCol: 2, endLine: 1, endCol: 33 });
  });

  it('parses a train block header and settings, with lists, negatives and comparisons', () => {
    const { file, diagnostics } = parse(
      'train m on d {\n  sweep: lr [0.1, 0.01]\n  stop_when: loss < 0.01\n  init: uniform low -0.5 high 1e-1\n}',
    );
    assert.deepEqual(diagnostics, []);
    const train = file.blocks[0] as TrainBlock;
    assert.equal(train.model?.name, 'm');
    assert.equal(train.data?.name, 'd');
    const list = train.settings[0].values[1] as ListLit;
    assert.deepEqual(
      list.items.map((i) => (i as NumberLit).value),
      [0.1, 0.01],
    );
    assert.deepEqual(train.settings[1].values.map(valueText), ['loss', '<', '0.01']);
    assert.deepEqual(train.settings[2].values.map(valueText), ['uniform', 'low', '-0.5', 'high', '1e-1']);
    assert.equal((train.settings[2].values[2] as NumberLit).value, -0.5);
  });

  it('keeps # notes out of the tree but in the comment list', () => {
    const { file, diagnostics } = parse('# title\nmodel m(input [2]) { # why\n  dense 1 # last\n}\n');
    assert.deepEqual(diagnostics, []);
    assert.equal(file.comments.length, 3);
    assert.deepEqual((file.blocks[0] as ModelBlock).layers[0].values.map(valueText), ['1']);
  });

  it('accepts commas as separators and a brace on the header line only', () => {
    const { file, diagnostics } = parse('train m on d {\n  metrics: accuracy, f1\n}');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual((file.blocks[0] as TrainBlock).settings[0].values.map(valueText), ['accuracy', 'f1']);
  });

  it('parses an empty document and one of blank lines and notes', () => {
    assert.deepEqual(parse('').file.blocks, []);
    assert.deepEqual(parse('\n\n# x\n\n').diagnostics, []);
  });
});

describe('parser: error messages', () => {
  it('names the closest block keyword', () => {
    assert.deepEqual(errors('modle m(input [2]) {\n  dense 1\n}\n'), ["1:1 expected a block: data, model or train; did you mean 'model'?"]);
  });
  it('wants names for blocks', () => {
    assert.deepEqual(errors('model (input [2]) {\n}\n'), ["1:7 expected the model's name"]);
    assert.deepEqual(errors('data {\n}\n'), ["1:6 expected the data set's name"]);
  });
  it('wants the model header in parentheses', () => {
    assert.deepEqual(errors('model m {\n  dense 1\n}\n'), ["1:9 expected '(' after the model name, as in model m(input [784])"]);
  });
  it("wants 'on' in a train header", () => {
    assert.deepEqual(errors('train m d {\n}\n'), ["1:9 expected 'on' and a data set, as in train m on mydata"]);
  });
  it("wants '{' and its matching '}'", () => {
    assert.deepEqual(errors('data d\n'), ["1:7 expected '{'"]);
    assert.deepEqual(errors('data d {\n  scale: 2\n'), ["1:8 this '{' is never closed: add '}'"]);
  });
  it('closes a block that runs into the next one', () => {
    const result = parse('data d {\n  scale: 2\nmodel m(input [2]) {\n  dense 1\n}\n');
    assert.deepEqual(
      result.diagnostics.map((d) => d.message),
      ["this '{' is never closed: add '}'"],
    );
    assert.deepEqual(
      result.file.blocks.map((b) => b.kind),
      ['data', 'model'],
    );
  });
  it('wants settings to start with a key and a colon', () => {
    assert.deepEqual(errors('data d {\n  3: x\n}\n'), ['2:3 expected a setting, as in `key: value`']);
    assert.deepEqual(errors('data d {\n  scale 2\n}\n'), ["2:9 expected ':' after 'scale'"]);
  });
  it('wants layer lines to start with a name', () => {
    assert.deepEqual(errors('model m(input [2]) {\n  64 dense\n}\n'), ['2:3 expected a layer, as in `dense 64 relu`']);
  });
  it('reports what cannot start a value, and what follows a body', () => {
    assert.deepEqual(errors('model m(input [2]) {\n  dense ) 4\n}\n'), ["2:9 unexpected ')'"]);
    assert.deepEqual(errors('model m(input [2]) {\n  residual {\n  } dense\n}\n'), ["3:5 unexpected 'dense'"]);
    assert.deepEqual(errors('data d {\n  scale: 2 {\n}\n'), ["2:12 unexpected '{'"]);
  });
  it('wants a number after a sign', () => {
    assert.deepEqual(errors('data d {\n  scale: - x\n}\n'), ["2:10 expected a number after '-'"]);
  });
  it('reports unclosed lists and calls without swallowing the next line', () => {
    const list = parse('model m(input [2) {\n  dense 1\n}\n');
    assert.deepEqual(
      list.diagnostics.map((d) => d.message),
      ["this '[' is never closed: add ']'"],
    );
    const call = parse('data d {\n  source: idx("a", "b"\n  scale: 2\n}\n');
    assert.deepEqual(
      call.diagnostics.map((d) => d.message),
      ["this '(' is never closed: add ')'"],
    );
    assert.deepEqual(
      (call.file.blocks[0] as DataBlock).settings.map((s) => s.key.name),
      ['source', 'scale'],
    );
  });
});
