// Synthetic data, splits, batching, metrics and learning-rate schedules.

import * as assert from 'node:assert/strict';
import { Dataset, fillBatch, normalize, split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { learningRate } from '../../../src/engine/optim/schedule';
import { computeMetrics } from '../../../src/engine/train/metrics';

const syn = (generator: Parameters<typeof generate>[0]['generator'], over = {}) =>
  generate({ generator, size: 120, noise: 0.1, classes: 3, features: 2, seed: 4, ...over });

describe('engine: data', () => {
  const KINDS: [Parameters<typeof generate>[0]['generator'], number, number, number][] = [
    // generator, input features, target values per example, classes
    ['xor', 2, 1, 2],
    ['circles', 2, 1, 2],
    ['moons', 2, 1, 2],
    ['spiral', 2, 1, 3],
    ['blobs', 2, 1, 3],
    ['linear', 2, 1, 0],
    ['sine', 1, 1, 0],
  ];
  for (const [kind, d, k, classes] of KINDS) {
    it(`${kind}: shapes, classes, and the same data for the same seed`, () => {
      const a = syn(kind),
        b = syn(kind),
        c = syn(kind, { seed: 5 });
      assert.equal(a.size, 120);
      assert.equal(a.inputLen, d);
      assert.equal(a.targetLen, k);
      assert.equal(a.classes, classes);
      assert.deepEqual(a.x, b.x);
      assert.notDeepEqual(a.x, c.x);
      if (classes) assert.ok([...a.y].every((v) => Number.isInteger(v) && v >= 0 && v < classes));
    });
  }

  it('linear with several targets', () => {
    const ds = syn('linear', { features: 3, targets: 2 });
    assert.equal(ds.inputLen, 3);
    assert.equal(ds.targetLen, 2);
  });

  it('xor labels follow the quadrant', () => {
    const ds = syn('xor', { noise: 0 });
    for (let i = 0; i < ds.size; i++) assert.equal(ds.y[i], ds.x[2 * i]! > 0 !== ds.x[2 * i + 1]! > 0 ? 1 : 0);
  });

  it('split: fractions, disjoint rows, seeded order', () => {
    const ds = new Dataset(
      Float32Array.from({ length: 100 }, (_, i) => i),
      new Float32Array(100),
      [1],
      1,
      2,
    );
    const s = split(ds, 0.2, 0.1, 9);
    assert.deepEqual([s.train.size, s.val!.size, s.test!.size], [70, 20, 10]);
    const all = new Set([...s.train.x, ...s.val!.x, ...s.test!.x]);
    assert.equal(all.size, 100);
    assert.deepEqual(split(ds, 0.2, 0.1, 9).val!.x, s.val!.x);
    assert.deepEqual([...split(ds, 0.5, 0, null).train.x.slice(0, 3)], [0, 1, 2]);
  });

  it('normalize uses training statistics only', () => {
    const ds = new Dataset(Float32Array.from([0, 2, 4, 6, 100]), new Float32Array(5), [1], 1, 2);
    const s = normalize(split(ds, 0.2, 0, null), 'standardize', null);
    const tr = [...s.train.x];
    assert.ok(Math.abs(tr.reduce((a, b) => a + b, 0)) < 1e-5);
    assert.ok(s.val!.x[0]! > 10);
  });

  it('fillBatch copies rows in order, or one-hot targets', () => {
    const ds = new Dataset(Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([0, 2, 1]), [2], 1, 3);
    const x = new Float32Array(4),
      t = new Float32Array(6);
    fillBatch(ds, Uint32Array.from([2, 0, 1]), 0, 2, x, t, 3);
    assert.deepEqual([...x], [5, 6, 1, 2]);
    assert.deepEqual([...t], [0, 1, 0, 1, 0, 0]);
  });
});

describe('engine: metrics', () => {
  it('accuracy and macro precision / recall / f1 (sklearn values)', () => {
    // y_true = [0,0,1,1,2,2], y_pred = [0,1,1,1,2,0] -> sklearn macro P 0.7222, R 0.6667, F1 0.6556
    const preds = [0, 1, 1, 1, 2, 0];
    const out = new Float32Array(18);
    preds.forEach((p, i) => (out[i * 3 + p] = 1));
    const m = computeMetrics(['accuracy', 'precision', 'recall', 'f1'], out, Float32Array.from([0, 0, 1, 1, 2, 2]), 6, {
      classes: 3,
      outputLen: 3,
      logits: false,
    });
    assert.ok(Math.abs(m.accuracy! - 4 / 6) < 1e-9);
    assert.ok(Math.abs(m.precision! - 0.722222) < 1e-5);
    assert.ok(Math.abs(m.recall! - 0.666667) < 1e-5);
    assert.ok(Math.abs(m.f1! - 0.655556) < 1e-5);
  });

  it('single-output classifiers threshold probabilities at 0.5 and logits at 0', () => {
    const t = Float32Array.from([1, 0]);
    assert.equal(
      computeMetrics(['accuracy'], Float32Array.from([0.6, 0.4]), t, 2, { classes: 2, outputLen: 1, logits: false }).accuracy,
      1,
    );
    assert.equal(
      computeMetrics(['accuracy'], Float32Array.from([0.3, -0.1]), t, 2, { classes: 2, outputLen: 1, logits: true }).accuracy,
      1,
    );
  });

  it('mae and r2', () => {
    const m = computeMetrics(['mae', 'r2'], Float32Array.from([1, 2, 4]), Float32Array.from([1, 2, 3]), 3, {
      classes: 0,
      outputLen: 1,
      logits: false,
    });
    assert.ok(Math.abs(m.mae! - 1 / 3) < 1e-9);
    assert.ok(Math.abs(m.r2! - 0.5) < 1e-9);
  });
});

describe('engine: learning-rate schedules (torch closed forms)', () => {
  const CASES: [string, Parameters<typeof learningRate>[1], number, number, number][] = [
    ['constant', { kind: 'constant' }, 5, 100, 0.1],
    ['step', { kind: 'step', stepSize: 2, gamma: 0.5 }, 5, 0, 0.025],
    ['exponential', { kind: 'exponential', gamma: 0.9 }, 2, 0, 0.081],
    ['cosine start', { kind: 'cosine', tMax: 10, minLr: 0 }, 0, 0, 0.1],
    ['cosine middle', { kind: 'cosine', tMax: 10, minLr: 0.01 }, 5, 0, 0.055],
    ['cosine end', { kind: 'cosine', tMax: 10, minLr: 0.01 }, 10, 0, 0.01],
    ['warmup first step', { kind: 'warmup', steps: 10, then: { kind: 'constant' } }, 0, 0, 0.01],
    ['warmup done', { kind: 'warmup', steps: 10, then: { kind: 'constant' } }, 3, 50, 0.1],
  ];
  for (const [name, s, epoch, step, want] of CASES) {
    it(name, () => assert.ok(Math.abs(learningRate(0.1, s, epoch, step) - want) < 1e-12));
  }
});
