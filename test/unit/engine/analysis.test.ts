// The run report's analysis: outputs, confusion matrix, misclassified examples and the 2-D grid
// of hand-built linear models (weights chosen here, predictions worked out here independently),
// and agreement with the trainer's own metrics on a trained model.

import * as assert from 'node:assert/strict';
import { Dataset, split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { analyze, AnalysisCancelled } from '../../../src/engine/train/analysis';
import { computeMetrics } from '../../../src/engine/train/metrics';
import { train } from '../../../src/engine/train/trainer';
import type { NamedTensors } from '../../../src/engine/train/types';

const close = (a: number, b: number, tol = 1e-5, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

// A 3-class linear model on 2 features: logits = x W + b.
const W = [
  [1, -1, 0], // feature 1
  [0, 1, -1], // feature 2
];
const B = [0.1, 0, -0.1];
const weights3: NamedTensors = new Map([
  ['dense_1.weight', { shape: [2, 3], data: Float32Array.from(W.flat()) }],
  ['dense_1.bias', { shape: [3], data: Float32Array.from(B) }],
]);
const logits3 = (x: number, y: number) => [0, 1, 2].map((k) => x * W[0]![k]! + y * W[1]![k]! + B[k]!);
const softmax = (z: number[]) => {
  const m = Math.max(...z),
    e = z.map((v) => Math.exp(v - m)),
    s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const argmax = (z: number[]) => z.indexOf(Math.max(...z));

const X3 = [
  [2, 0],
  [0, 2],
  [-2, -1],
  [1, 1],
  [-1, 3],
  [3, -2],
  [-3, 0],
  [0.5, -0.5],
];
const Y3 = [0, 1, 2, 2, 0, 0, 1, 0]; // some deliberately wrong for this model
const data3 = new Dataset(Float32Array.from(X3.flat()), Float32Array.from(Y3), [2], 1, 3);
const graph3 = new GraphBuilder([2]).dense(3).build('linear3');
const ce = trainConfig({ metrics: ['accuracy', 'precision', 'recall'] });

describe('engine: run analysis', () => {
  it('outputs, probabilities and the confusion matrix of a hand-built 3-class model', async () => {
    const a = await analyze({ graph: graph3, config: ce, weights: weights3, data: data3 });
    const expectedCounts = Array.from({ length: 3 }, () => [0, 0, 0]);
    const expectedWrong: { index: number; truth: number; predicted: number; confidence: number }[] = [];
    X3.forEach(([x, y], i) => {
      const z = logits3(x!, y!),
        p = softmax(z),
        k = argmax(z);
      for (let j = 0; j < 3; j++) {
        close(a.outputs[i * 3 + j]!, z[j]!, 1e-6, `logit ${i},${j}`);
        close(a.probabilities![i * 3 + j]!, p[j]!, 1e-6, `probability ${i},${j}`);
      }
      assert.equal(a.predicted![i], k);
      expectedCounts[Y3[i]!]![k]!++;
      if (k !== Y3[i]) expectedWrong.push({ index: i, truth: Y3[i]!, predicted: k, confidence: p[k]! });
    });
    const c = a.confusion!;
    assert.equal(c.classes, 3);
    assert.deepEqual([...c.counts], expectedCounts.flat());
    // Rows are true classes, columns predicted ones.
    for (let k = 0; k < 3; k++) {
      const row = expectedCounts[k]!.reduce((s, v) => s + v, 0),
        col = expectedCounts.reduce((s, r) => s + r[k]!, 0);
      assert.equal(c.recall[k], row ? expectedCounts[k]![k]! / row : null);
      assert.equal(c.precision[k], col ? expectedCounts[k]![k]! / col : null);
    }
    const correct = expectedCounts.reduce((s, r, k) => s + r[k]!, 0);
    assert.equal(c.accuracy, correct / X3.length);
    assert.ok(expectedWrong.length >= 3 && correct >= 3, 'the fixture has right and wrong predictions');
    expectedWrong.sort((p, q) => q.confidence - p.confidence);
    assert.deepEqual(
      a.misclassified.map((m) => [m.index, m.truth, m.predicted]),
      expectedWrong.map((m) => [m.index, m.truth, m.predicted]),
    );
    a.misclassified.forEach((m, i) => close(m.confidence, expectedWrong[i]!.confidence, 1e-6));
    assert.equal(a.misclassifiedCount, expectedWrong.length);
    // The matrix's accuracy is metrics.ts's on the same outputs.
    assert.equal(c.accuracy, computeMetrics(['accuracy'], a.outputs, data3.y, data3.size, a.task).accuracy);
    assert.equal(c.accuracy, a.metrics.accuracy);
  });

  it('keeps the most confident mistakes up to the cap, counting all of them', async () => {
    const a = await analyze({ graph: graph3, config: ce, weights: weights3, data: data3, maxMisclassified: 2 });
    assert.equal(a.misclassified.length, 2);
    assert.ok(a.misclassifiedCount > 2);
    assert.ok(a.misclassified[0]!.confidence >= a.misclassified[1]!.confidence);
  });

  it('the 2-D grid covers the data padded by 5% and agrees with the model at its cells', async () => {
    const a = await analyze({ graph: graph3, config: ce, weights: weights3, data: data3, gridSize: 20 });
    const g = a.grid!;
    assert.equal(g.kind, 'classes');
    if (g.kind !== 'classes') return;
    // x spans [-3, 3], y [-2, 3].
    close(g.x[0], -3 - 0.3, 1e-9);
    close(g.x[1], 3 + 0.3, 1e-9);
    close(g.y[0], -2 - 0.25, 1e-9);
    close(g.y[1], 3 + 0.25, 1e-9);
    assert.equal(g.predicted.length, 400);
    for (const [r, c] of [
      [0, 0],
      [0, 19],
      [19, 0],
      [19, 19],
      [7, 12],
      [10, 3],
    ] as const) {
      const x = g.x[0] + ((c + 0.5) * (g.x[1] - g.x[0])) / 20,
        y = g.y[0] + ((r + 0.5) * (g.y[1] - g.y[0])) / 20;
      const z = logits3(x, y),
        k = argmax(z);
      assert.equal(g.predicted[r * 20 + c], k, `cell ${r},${c}`);
      close(g.probability[r * 20 + c]!, softmax(z)[k]!, 1e-5, `cell ${r},${c}`);
    }
    // Another extent widens the grid.
    const wide = new Dataset(Float32Array.from([10, 10]), Float32Array.from([0]), [2], 1, 3);
    const b = await analyze({ graph: graph3, config: ce, weights: weights3, data: data3, extent: [wide], gridSize: 4 });
    close(b.grid!.x[1], 10 + 0.05 * 13, 1e-9);
    close(b.grid!.y[1], 10 + 0.05 * 12, 1e-9);
  });

  it('a single-output binary model: logits without a sigmoid layer, probabilities with one', async () => {
    const w = 1.5,
      bias = -0.5;
    const weights: NamedTensors = new Map([
      ['dense_1.weight', { shape: [2, 1], data: Float32Array.from([w, -w]) }],
      ['dense_1.bias', { shape: [1], data: Float32Array.from([bias]) }],
    ]);
    const xs = [
      [1, 0],
      [0, 1],
      [2, 2],
      [-1, 0.5],
      [0.3, 0],
    ];
    const ys = [1, 1, 0, 0, 1];
    const data = new Dataset(Float32Array.from(xs.flat()), Float32Array.from(ys), [2], 1, 2);
    const bce = trainConfig({ loss: { kind: 'binary_cross_entropy' } });
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    for (const graph of [new GraphBuilder([2]).dense(1).build('logit'), new GraphBuilder([2]).dense(1, 'sigmoid').build('prob')]) {
      const a = await analyze({ graph, config: bce, weights, data, gridSize: 10 });
      const counts = [0, 0, 0, 0];
      xs.forEach(([x, y], i) => {
        const p1 = sig(w * x! - w * y! + bias),
          k = p1 > 0.5 ? 1 : 0;
        close(a.probabilities![i * 2 + 1]!, p1, 1e-6, `${graph.name} p1 ${i}`);
        close(a.probabilities![i * 2]!, 1 - p1, 1e-6);
        counts[ys[i]! * 2 + k]!++;
      });
      assert.deepEqual([...a.confusion!.counts], counts, graph.name);
      const g = a.grid!;
      if (g.kind !== 'classes') assert.fail('a classification grid');
      const x = g.x[0] + (0.5 * (g.x[1] - g.x[0])) / 10,
        y = g.y[0] + (9.5 * (g.y[1] - g.y[0])) / 10; // row 9, column 0
      const p1 = sig(w * x - w * y + bias);
      assert.equal(g.predicted[90], p1 > 0.5 ? 1 : 0);
      close(g.probability[90]!, p1 > 0.5 ? p1 : 1 - p1, 1e-5);
    }
  });

  it('a regression on 2-D inputs gives a value grid and no confusion matrix', async () => {
    const weights: NamedTensors = new Map([
      ['dense_1.weight', { shape: [2, 1], data: Float32Array.from([2, -3]) }],
      ['dense_1.bias', { shape: [1], data: Float32Array.from([0.5]) }],
    ]);
    const xs = [
      [0, 0],
      [1, 2],
      [-1, 1],
    ];
    const data = new Dataset(Float32Array.from(xs.flat()), Float32Array.from([0.5, -3, -4]), [2], 1, 0);
    const a = await analyze({
      graph: new GraphBuilder([2]).dense(1).build('reg'),
      config: trainConfig({ loss: { kind: 'mse' }, metrics: ['mae'] }),
      weights,
      data,
      gridSize: 5,
    });
    assert.equal(a.confusion, null);
    assert.equal(a.probabilities, null);
    assert.deepEqual(a.misclassified, []);
    const predicted = xs.map(([x, y]) => 2 * x! - 3 * y! + 0.5); // 0.5, -3.5, -4.5
    close(a.metrics.mae!, (Math.abs(predicted[0]! - 0.5) + Math.abs(predicted[1]! + 3) + Math.abs(predicted[2]! + 4)) / 3, 1e-6);
    const g = a.grid!;
    if (g.kind !== 'values') assert.fail('a value grid');
    for (const [r, c] of [
      [0, 0],
      [4, 4],
      [2, 1],
    ] as const) {
      const x = g.x[0] + ((c + 0.5) * (g.x[1] - g.x[0])) / 5,
        y = g.y[0] + ((r + 0.5) * (g.y[1] - g.y[0])) / 5;
      close(g.values[r * 5 + c]!, 2 * x - 3 * y + 0.5, 1e-5);
    }
  });

  it('leaves out outputs beyond the data classes that the model never predicts', async () => {
    // 4 outputs for 3 classes; the fourth wins only where x is large.
    const weights: NamedTensors = new Map([
      ['dense_1.weight', { shape: [2, 4], data: Float32Array.from([1, -1, 0, 5, 0, 1, -1, 0]) }],
      ['dense_1.bias', { shape: [4], data: Float32Array.from([0, 0, 0, -100]) }],
    ]);
    const graph = new GraphBuilder([2]).dense(4).build('four');
    const a = await analyze({ graph, config: ce, weights, data: data3 });
    assert.equal(a.confusion!.classes, 3);
    assert.equal(a.probabilities!.length, 8 * 4);
    const far = new Dataset(Float32Array.from([100, 0, 1, 1]), Float32Array.from([0, 1]), [2], 1, 3);
    const b = await analyze({ graph, config: ce, weights, data: far });
    assert.equal(b.confusion!.classes, 4);
    assert.deepEqual([...b.confusion!.counts], [0, 0, 0, 1, /**/ 1, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0]);
  });

  it('runs in chunks, telling its progress, and stops when cancelled', async () => {
    const big = split(generate({ generator: 'moons', size: 600, noise: 0.1, classes: 2, features: 2, seed: 1 }), 0, 0, null).train;
    const graph = new GraphBuilder([2]).dense(3).build('linear3');
    const seen: [number, number][] = [];
    const a = await analyze({ graph, config: ce, weights: weights3, data: big, gridSize: 10, onProgress: (d, t) => seen.push([d, t]) });
    assert.deepEqual(seen, [
      [256, 700],
      [512, 700],
      [600, 700],
      [700, 700],
    ]);
    for (const i of [0, 255, 256, 511, 512, 599]) {
      const z = logits3(big.x[2 * i]!, big.x[2 * i + 1]!);
      for (let j = 0; j < 3; j++) close(a.outputs[i * 3 + j]!, z[j]!, 1e-5, `row ${i}`);
    }
    assert.equal(
      [...a.confusion!.counts].reduce((s, v) => s + v, 0),
      600,
    );
    let calls = 0;
    await assert.rejects(analyze({ graph, config: ce, weights: weights3, data: big, cancelled: () => ++calls === 2 }), AnalysisCancelled);
    assert.equal(calls, 2);
  });

  it('no grid unless the input is 2-D', async () => {
    const weights: NamedTensors = new Map([
      ['dense_1.weight', { shape: [3, 2], data: new Float32Array(6).fill(0.1) }],
      ['dense_1.bias', { shape: [2], data: new Float32Array(2) }],
    ]);
    const data = new Dataset(new Float32Array(6), Float32Array.from([0, 1]), [3], 1, 2);
    const a = await analyze({ graph: new GraphBuilder([3]).dense(2).build('three'), config: ce, weights, data });
    assert.equal(a.grid, null);
    assert.equal(a.confusion!.classes, 2);
  });

  it('on a trained model: the accuracy and loss the trainer recorded for the split', async () => {
    const data = split(generate({ generator: 'spiral', size: 300, noise: 0.1, classes: 3, features: 2, seed: 2 }), 0.2, 0.2, 5);
    const graph = new GraphBuilder([2]).dense(16, 'relu').dropout(0.1).dense(3).softmax().build('spiral');
    const config = trainConfig({
      epochs: 8,
      batch: 16,
      metrics: ['accuracy', 'f1'],
      optimizer: { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    });
    const end = await train({ graph, data, config });
    const test = await analyze({ graph, config, weights: end.weights, data: data.test!, extent: [data.train] });
    assert.equal(test.confusion!.accuracy, end.final.test_accuracy);
    assert.equal(test.metrics.f1, end.final.test_f1);
    close(test.loss, end.final.test_loss!, 1e-6);
    assert.equal(
      [...test.confusion!.counts].reduce((s, v) => s + v, 0),
      data.test!.size,
    );
    const val = await analyze({ graph, config, weights: end.weights, data: data.val! });
    assert.equal(val.confusion!.accuracy, end.final.val_accuracy);
    assert.ok(test.confusion!.accuracy > 0.4 && test.confusion!.accuracy < 1, `a partly trained model (${test.confusion!.accuracy})`);
    // A softmax layer's outputs are already probabilities: rows sum to one.
    for (let i = 0; i < 5; i++)
      close(test.probabilities![i * 3]! + test.probabilities![i * 3 + 1]! + test.probabilities![i * 3 + 2]!, 1, 1e-5);
  });
});
