// Per-token cross-entropy in the checker: a [T, V] output trains on [T] targets (conventions
// point 5); a data set with one label per example, or T targets of another length, is refused on
// the loss line.

import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/lang/analyze';
import { checkTrainLinks } from '../../../src/lang/check-train';
import { DiagnosticSink } from '../../../src/lang/diagnostics';
import { describe1, errorsOf } from './helpers';

const file = (last: string, source: string, loss = 'cross_entropy') =>
  `data d {\n  source: ${source}\n}\nmodel m(input [6, 4]) {\n  dense 8 tanh\n  ${last}\n}\ntrain m on d {\n  loss: ${loss}\n}\n`;

/** The train block's diagnostics when the data's file-known facts say `targetLen` targets. */
function withTargets(text: string, targetLen: number, classes: number | null = null): string[] {
  const a = analyze(text);
  const d = a.data[0]!;
  const sink = new DiagnosticSink();
  checkTrainLinks(a.trains[0]!, a.models, [{ ...d, info: { ...d.info, targets: 'classes', classes, targetLen } }], sink);
  return sink.items.map(describe1);
}

describe('lang: per-token cross-entropy', () => {
  it('a [T, V] output under cross_entropy is accepted where the targets are not known to disagree', () => {
    assert.deepEqual(errorsOf(file('dense 5', 'csv("x.csv", target: y)')), []);
    assert.deepEqual(withTargets(file('dense 5', 'csv("x.csv", target: y)'), 6, 5), []);
  });
  it('one class label per example against a [T, V] output: an error on the loss line', () => {
    const text = file('dense 5', 'idx("a", "b")');
    assert.deepEqual(errorsOf(text), [
      'model m ends with [6, 5] (5 logits for each of 6 tokens), but data d has one class label per example; ' +
        "pool the sequence first ('pool mean') or 'flatten'",
    ]);
    assert.equal(analyze(text).diagnostics[0]!.range.startLine, 8, 'on the loss line');
  });
  it('targets of another length than T, or another vocabulary than V', () => {
    assert.deepEqual(withTargets(file('dense 5', 'csv("x.csv", target: y)'), 7), [
      '9:3 error: model m ends with [6, 5] (5 logits for each of 6 tokens), but data d gives 7 targets per example; they must be 6',
    ]);
    assert.deepEqual(withTargets(file('dense 5', 'csv("x.csv", target: y)'), 6, 9), [
      "9:3 error: data d has 9 classes, but model m ends with [6, 5] (5 logits for each of 6 tokens); make the last layer 'dense 9'",
    ]);
  });
  it('pool and cls_token need a sequence [T, D]: an error on their line', () => {
    const text = 'model m(input [6]) {\n  dense 4\n  pool mean\n}\n';
    assert.deepEqual(analyze(text).diagnostics.map(describe1), ['3:3 error: pool mean got [4] but needs a sequence [T, D]']);
    const cls = 'model m(input [6, 2]) {\n  cls_token\n  pool first\n  dense 3\n}\n';
    assert.deepEqual(analyze(cls).diagnostics, []);
    assert.deepEqual(analyze(cls).models[0]!.graph!.nodes.at(-1)!.shape, [3]);
  });
  it('one logit per token is not a distribution', () => {
    assert.deepEqual(errorsOf(file('dense 1', 'csv("x.csv", target: y)')), [
      "per-token cross_entropy needs >= 2 logits per token, but model m ends with [6, 1] (1 logit for each of 6 tokens); end it with 'dense VOCAB'",
    ]);
  });
});
