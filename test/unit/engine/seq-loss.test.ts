// Per-token cross-entropy (a [T, V] output, a target per token, IGNORE_INDEX skipped): the loss
// kernels against PyTorch's F.cross_entropy(ignore_index=-100, label_smoothing) values and
// gradients (scripts/torch-goldens.py writes them), and the whole plan's gradient against
// finite differences.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newRuntime } from '../../../src/engine/backend';
import { lossBwd, lossFwd } from '../../../src/engine/backends/cpu/loss';
import { IGNORE_INDEX, LOSS } from '../../../src/engine/kernels/codes';
import { compilePlan } from '../../../src/engine/plan/compile';
import type { LossSpec } from '../../../src/graph/train-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { gradCheck } from './gradcheck';

interface TorchCase {
  n: number;
  T: number;
  V: number;
  smoothing: number;
  logits: number[];
  y: number[];
  loss: number | null; // null: every target ignored (torch: NaN)
  grad: number[];
}

const CE: LossSpec = { kind: 'cross_entropy', labelSmoothing: 0 };
const SGD = { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 } as const;

const FILE = join(__dirname, '..', '..', 'fixtures', 'goldens', 'per-token', 'cross-entropy.json');
const CASES = (JSON.parse(readFileSync(FILE, 'utf8')) as { cases: TorchCase[] }).cases;

function run(c: TorchCase): { loss: number; grad: Float32Array } {
  const rt = newRuntime();
  rt.n = c.n;
  rt.lossSlot = 1;
  const p = { kind: LOSS.cross_entropy, d: c.V, smoothing: c.smoothing, rows: c.T };
  const out = Float32Array.from(c.logits),
    target = Float32Array.from(c.y),
    log = new Float32Array(3).fill(NaN),
    grad = new Float32Array(out.length).fill(NaN);
  lossFwd([out, target, log], p, rt);
  lossBwd([out, target, grad], p, rt);
  return { loss: log[1]!, grad };
}

describe('engine: per-token cross-entropy', () => {
  it('the PyTorch cases are there, one of them with every target ignored', () => {
    assert.ok(CASES.length >= 4);
    assert.ok(CASES.some((c) => c.loss === null));
    assert.ok(CASES.some((c) => c.y.includes(IGNORE_INDEX) && c.loss !== null));
  });
  CASES.forEach((c, k) => {
    const ign = c.y.filter((t) => t === IGNORE_INDEX).length;
    it(`case ${k + 1}: n ${c.n} T ${c.T} V ${c.V} smoothing ${c.smoothing}, ${ign} of ${c.y.length} ignored, matches F.cross_entropy`, () => {
      const { loss, grad } = run(c);
      if (c.loss === null) assert.equal(loss, 0, 'every target ignored: loss 0 (PyTorch: NaN)');
      else assert.ok(Math.abs(loss - c.loss) <= 1e-5 * Math.abs(c.loss), `loss ${loss} vs torch ${c.loss}`);
      grad.forEach((g, i) => assert.ok(Math.abs(g - c.grad[i]!) <= 1e-6 + 1e-4 * Math.abs(c.grad[i]!), `grad[${i}] ${g} vs ${c.grad[i]}`));
    });
  });

  it('a sample classifier is the rows-1 case: one target per sample, no rows parameter', () => {
    const g = new GraphBuilder([4]).dense(3).build('m');
    const plan = compilePlan(g, { maxBatch: 2, loss: CE, optimizer: SGD, weightDecay: 0, l1: 0, clipNorm: null });
    assert.equal(plan.targetLen, 1);
    const seq = compilePlan(new GraphBuilder([6, 4]).dense(3).build('s'), {
      maxBatch: 2,
      loss: CE,
      optimizer: SGD,
      weightDecay: 0,
      l1: 0,
      clipNorm: null,
    });
    assert.equal(seq.targetLen, 6, 'a [T, V] output takes a target per token');
    assert.equal(seq.outputLen, 18);
  });

  // Finite differences through a per-token head: ignored positions must get no gradient, and the
  // mean must be over the counted tokens (a wrong count scales every gradient).
  const FD: [string, LossSpec, (i: number, t: number) => number][] = [
    ['no target ignored', CE, (_i, t) => t],
    ['every third target ignored', CE, (i, t) => (i % 3 === 1 ? IGNORE_INDEX : t)],
    ['smoothing 0.1, every other target ignored', { kind: 'cross_entropy', labelSmoothing: 0.1 }, (i, t) => (i % 2 ? IGNORE_INDEX : t)],
  ];
  for (const [name, loss, target] of FD) {
    it(`gradients vs finite differences: dense per token on [5, 3], ${name}`, () => {
      for (const fuse of [true, false]) {
        const g = new GraphBuilder([5, 3]).dense(6, 'tanh').dense(4).build('m');
        const r = gradCheck(g, loss, 3, { fuse, target });
        assert.ok(r.checked > 0, 'nothing checked');
        assert.ok(r.worst <= 1, `${fuse ? 'fused' : 'unfused'}: worst ${r.worst.toFixed(2)} at ${r.where}`);
      }
    });
  }
  it('a forecaster: mse on a [T, 1] output per token, or on [H] values, takes one target per value', () => {
    const opts = { maxBatch: 2, loss: { kind: 'mse' } as const, optimizer: SGD, weightDecay: 0, l1: 0, clipNorm: null };
    assert.equal(compilePlan(new GraphBuilder([6, 3]).dense(1).build('f'), opts).targetLen, 6);
    assert.equal(compilePlan(new GraphBuilder([6, 3]).flatten().dense(4).build('h'), opts).targetLen, 4);
    const r = gradCheck(new GraphBuilder([6, 3]).dense(4, 'tanh').dense(1).build('f'), { kind: 'mse' }, 3);
    assert.ok(r.checked > 0 && r.worst <= 1, `worst ${r.worst.toFixed(2)} at ${r.where}`);
  });
  it('gradients vs finite differences: per-token cross-entropy on a softmax output (computed from its logits)', () => {
    const g = new GraphBuilder([4, 3]).dense(5).softmax().build('m');
    const r = gradCheck(g, CE, 2, { target: (i, t) => (i === 2 ? IGNORE_INDEX : t) });
    assert.ok(r.checked > 0 && r.worst <= 1, `worst ${r.worst.toFixed(2)} at ${r.where}`);
  });
});
