// The documented limits (src/lang/limits.ts, docs/experiment-format.md "Limits"): each is reported
// where it is crossed, with its figure, and the rest of the file is still analysed.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';
import { capDiagnostics, type Diagnostic } from '../../../src/lang/diagnostics';
import { MAX_BLOCK_DEPTH, MAX_BRACKET_DEPTH, MAX_DIAGNOSTICS } from '../../../src/lang/limits';
import { describe1, diagnosticsOf, errorsOf, modelWith, TOY } from './helpers';

const nested = (depth: number, inner: string) => `model m(input [4]) {\n${'residual {\n'.repeat(depth)}${inner}\n${'}\n'.repeat(depth)}}\n`;
const clean = 'model ok(input [3]) {\n  dense 2\n}\n';

describe('limits: nesting', () => {
  it(`accepts bodies ${MAX_BLOCK_DEPTH} deep (the model's own counts) and builds them`, () => {
    const a = analyze(nested(MAX_BLOCK_DEPTH - 1, 'dense 4'));
    assert.deepEqual(a.diagnostics.map(describe1), []);
    assert.equal(a.models[0].graph?.totals.params, 20);
  });

  it("reports the '{' that crosses the block limit, and still analyses the model after it", () => {
    const text = nested(2000, 'dense 4') + clean;
    const a = analyze(text);
    const line = MAX_BLOCK_DEPTH + 1; // line 1 is the model; residual number 64 (the 65th body) is on line 65
    assert.deepEqual(a.diagnostics.map(describe1), [
      `${line}:10 error: blocks nest more than ${MAX_BLOCK_DEPTH} deep here; the limit is ${MAX_BLOCK_DEPTH}`,
    ]);
    assert.equal(text.split('\n')[line - 1].slice(9, 10), '{');
    assert.equal(a.models[1].name, 'ok');
    assert.equal(a.models[1].graph?.totals.params, 8);
  });

  it('an unclosed deep body stops at the next block, which is analysed', () => {
    const text = `model m(input [4]) {\n${'repeat 2 {\n'.repeat(100)}` + clean;
    const a = analyze(text);
    assert.ok(errorsOf(text).includes(`blocks nest more than ${MAX_BLOCK_DEPTH} deep here; the limit is ${MAX_BLOCK_DEPTH}`));
    assert.equal(a.models.find((m) => m.name === 'ok')?.graph?.totals.params, 8);
  });

  it(`accepts ${MAX_BRACKET_DEPTH} brackets and reports the one past them, on its column`, () => {
    const ok = analyze(`model m(input ${'['.repeat(MAX_BRACKET_DEPTH)}2${']'.repeat(MAX_BRACKET_DEPTH)}) {\n  dense 1\n}\n`);
    assert.ok(!ok.diagnostics.some((d) => /brackets nest/.test(d.message)));
    const deep = analyze(`model m(input ${'['.repeat(5000)}2${']'.repeat(5000)}) {\n  dense 1\n}\n` + clean);
    const nest = deep.diagnostics.filter((d) => /brackets nest/.test(d.message));
    assert.deepEqual(nest.map(describe1), [
      `1:${15 + MAX_BRACKET_DEPTH} error: brackets nest more than ${MAX_BRACKET_DEPTH} deep here; the limit is ${MAX_BRACKET_DEPTH}`,
    ]);
    assert.equal(deep.models[1].graph?.totals.params, 8);
  });

  it('counts calls and lists together', () => {
    const value = `${'f('.repeat(20)}${'['.repeat(20)}1${']'.repeat(20)}${')'.repeat(20)}`;
    const errors = errorsOf(`data d {\n  source: ${value}\n}\n`).filter((m) => /brackets nest/.test(m));
    assert.equal(errors.length, 1);
  });
});

describe('limits: diagnostics', () => {
  it(`keeps the first ${MAX_DIAGNOSTICS} and says how many more there are, at the last kept place`, () => {
    const a = analyze('@\n'.repeat(150_000));
    assert.equal(a.diagnostics.length, MAX_DIAGNOSTICS + 1);
    const last = a.diagnostics[MAX_DIAGNOSTICS];
    assert.equal(last.message, `149,000 more problems (149,000 errors) not shown; only the first 1,000 are listed`);
    assert.equal(last.range.startLine, MAX_DIAGNOSTICS - 1);
  });

  it('leaves a short list alone', () => {
    const few: Diagnostic[] = [{ range: { startLine: 0, startCol: 0, endLine: 0, endCol: 1 }, severity: 'warning', message: 'w' }];
    assert.equal(capDiagnostics(few, 1), few);
    assert.equal(capDiagnostics([...few, ...few], 1)[1].message, '1 more problem (0 errors) not shown; only the first 1 are listed');
  });
});

describe('limits: sweeps', () => {
  it('counts the runs before building any: eight lines of ten values', () => {
    const keys = ['lr', 'batch', 'epochs', 'seed', 'momentum', 'weight_decay', 'l1', 'clip'];
    const sweeps = keys.map((k) => `  sweep: ${k} [${Array.from({ length: 10 }, (_, i) => i + 1).join(', ')}]`).join('\n');
    const text = `${TOY}train m on toy {\n  loss: mse\n${sweeps}\n}\n`;
    const t0 = performance.now();
    const a = analyze(text);
    assert.ok(performance.now() - t0 < 2000, 'the product is never built');
    const line = text.split('\n').findIndex((l) => l.includes('sweep: lr'));
    const error = a.diagnostics.find((d) => /sweep makes/.test(d.message));
    assert.equal(error?.message, 'this sweep makes 100,000,000 runs; at most 256 are allowed');
    assert.equal(error?.range.startLine, line);
    assert.deepEqual(a.trains[0].configs, []);
  });
});

describe('limits: sizes', () => {
  it('dense 1e308 is an error on the argument naming the limit, not "∞ params"', () => {
    const text = modelWith('[2]', '  dense 1e308');
    assert.deepEqual(diagnosticsOf(text), [
      '2:9 error: dense: units needs a whole number >= 1, got 1e308; the limit is 1,073,741,824 (2^30)',
    ]);
  });

  it('bounds kernels, strides, padding, input axes and the batch', () => {
    assert.deepEqual(errorsOf(modelWith('[1, 8, 8]', '  conv2d 4 kernel 2000')), [
      'conv2d: kernel needs N or [N, M], got 2000; each size is at most 1,024',
    ]);
    assert.deepEqual(errorsOf(modelWith('[1, 8, 8]', '  maxpool 2 stride [1, 5000]')), [
      'maxpool: stride needs N or [N, M], got [1, 5000]; each size is at most 1,024',
    ]);
    assert.deepEqual(errorsOf(modelWith('[1, 8, 8]', '  conv2d 4 kernel 3 pad 1e6')), [
      'conv2d: pad needs same | valid | N | [N, M], got 1e6; each size is at most 1,024',
    ]);
    assert.deepEqual(errorsOf(modelWith('[3, 1e9, 2]', '  flatten')), [
      'model m: input needs a shape like [784] or [3, 32, 32], got [3, 1e9, 2]; each size is at most 16,777,216 (2^24)',
    ]);
    assert.deepEqual(errorsOf(`${TOY}train m on toy {\n  loss: mse\n  batch: 1e300\n}\n`), [
      'batch needs a whole number >= 1, got 1e300; the limit is 16,777,216 (2^24)',
    ]);
  });

  it('reports the layer where the parameters pass 2^32, keeping the ones before', () => {
    const a = analyze(modelWith('[1024]', '  dense 1000 relu\n  dense 1073741824\n  dense 3'));
    assert.deepEqual(a.diagnostics.map(describe1), [
      '3:3 error: the model passes 4,294,967,296 (2^32) parameters at this layer; make it smaller',
    ]);
    assert.equal(a.models[0].graph, null);
    assert.deepEqual(
      a.models[0].layers.map((l) => l.params),
      [1024 * 1000 + 1000],
    );
  });

  it('the largest model that passes has finite counts everywhere', () => {
    const a = analyze(modelWith('[16777216]', '  dense 255 relu\n  repeat 100 {\n    dense 255\n  }'));
    const g = a.models[0].graph;
    assert.ok(g);
    assert.equal(g.totals.params, 16777216 * 255 + 255 + 100 * (255 * 255 + 255));
    for (const v of [g.totals.params, g.totals.flops, g.totals.activationBytes]) assert.ok(Number.isFinite(v));
  });

  it('an empty repeat body never loops over its count', () => {
    const t0 = performance.now();
    const a = analyze(modelWith('[2]', '  repeat 1000 {\n    repeat 1000 {\n    }\n  }\n  dense 1'));
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(a.models[0].graph?.totals.params, 3);
  });

  it('stops a graph of more than 200,000 layers with a diagnostic', () => {
    assert.deepEqual(errorsOf(modelWith('[2]', '  repeat 1000 {\n    repeat 1000 {\n      dense 2 relu\n    }\n  }')), [
      'the model has more than 200,000 ops; make it smaller',
    ]);
    assert.deepEqual(errorsOf(modelWith('[2]', '  repeat 1000 {\n    repeat 1000 {\n      repeat 9 {\n      }\n    }\n  }')), [
      'the model has more than 200,000 layers; make it smaller',
    ]);
  });
});
