// Live layer statistics (the architecture diagram's numbers), checked against references that do
// not use the inspector: a hand-written forward and backward pass of a small MLP in plain JS, and
// the CPU backend's gradients read from a plan compiled without `observe`.

import { strict as assert } from 'node:assert';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { Dataset, split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { initialWeights } from '../../../src/engine/init';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { deriveSeed } from '../../../src/engine/rng';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { layerOutputs, type LayerStats } from '../../../src/engine/train/layer-stats';
import { train } from '../../../src/engine/train/trainer';
import type { StepRecord } from '../../../src/engine/train/types';
import { buildDiagram } from '../../../src/diagram/model';
import { analyze, runsForModel } from '../../../src/lang';

const SGD0 = { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 } as const;
const close = (a: number, b: number, what: string, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

/** Population mean and std of plain numbers. */
function moments(v: number[]): { mean: number; std: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
}
const norm = (...parts: number[][]) => Math.sqrt(parts.flat().reduce((a, b) => a + b * b, 0));

describe('engine: layer statistics', () => {
  it('an MLP with known weights: activation mean/std and gradient norms equal a hand computation', async () => {
    // dense 3->4, relu, dense 4->2, MSE; one step over the whole set with lr 0, so the weights stay put.
    const graph = new GraphBuilder([3]).dense(4).act('relu').dense(2).build('mlp');
    const N = 6,
      K = 3,
      H = 4,
      O = 2;
    const x = Array.from({ length: N * K }, (_, i) => Math.sin(1.3 * i + 0.2) * 1.5);
    const t = Array.from({ length: N * O }, (_, i) => Math.cos(0.7 * i));
    const W1 = Array.from({ length: K * H }, (_, i) => ((i * 7) % 11) / 5 - 1),
      b1 = [0.1, -0.2, 0.05, -0.4];
    const W2 = Array.from({ length: H * O }, (_, i) => ((i * 5) % 9) / 4 - 1),
      b2 = [0.3, -0.1];
    const params = graph.nodes.filter((n) => n.op.kind === 'param').map((n) => (n.op as { name: string }).name);
    const init = new Map(
      [W1, b1, W2, b2].map((d, i) => [
        params[i]!,
        { shape: graph.nodes.find((n) => n.op.kind === 'param' && n.op.name === params[i])!.shape, data: Float32Array.from(d) },
      ]),
    );
    const data = { train: new Dataset(Float32Array.from(x), Float32Array.from(t), [K], O, 0), val: null, test: null };
    const snaps: LayerStats[] = [];
    await train({
      graph,
      data,
      init,
      shuffle: false,
      config: trainConfig({ loss: { kind: 'mse' }, optimizer: SGD0, metrics: ['mae'], epochs: 1, batch: N }),
      inspect: { everyMs: 0, onStats: (s) => snaps.push(s) },
    });

    // Reference, in plain JS.
    const h: number[] = [],
      a: number[] = [],
      o: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        let s = b1[j]!;
        for (let k = 0; k < K; k++) s += x[n * K + k]! * W1[k * H + j]!;
        h.push(s);
        a.push(Math.max(0, s));
      }
      for (let j = 0; j < O; j++) {
        let s = b2[j]!;
        for (let k = 0; k < H; k++) s += a[n * H + k]! * W2[k * O + j]!;
        o.push(s);
      }
    }
    const dO = o.map((v, i) => (2 * (v - t[i]!)) / (N * O));
    const dW2 = new Array(H * O).fill(0),
      db2 = new Array(O).fill(0),
      dW1 = new Array(K * H).fill(0),
      db1 = new Array(H).fill(0);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < O; j++) {
        db2[j] += dO[n * O + j]!;
        for (let k = 0; k < H; k++) dW2[k * O + j] += a[n * H + k]! * dO[n * O + j]!;
      }
      for (let k = 0; k < H; k++) {
        let dA = 0;
        for (let j = 0; j < O; j++) dA += dO[n * O + j]! * W2[k * O + j]!;
        const dH = h[n * H + k]! > 0 ? dA : 0;
        db1[k] += dH;
        for (let i = 0; i < K; i++) dW1[i * H + k] += x[n * K + i]! * dH;
      }
    }
    assert.ok(a.some((v) => v === 0) && a.some((v) => v > 0), 'the relu cuts some units and passes others');

    assert.equal(snaps.length, 1, 'one step: one snapshot');
    const s = snaps[0]!;
    assert.deepEqual([s.step, s.epoch, s.samples], [1, 1, N]);
    assert.deepEqual(
      s.layers.map((l) => l.layer),
      [0, 1, 2],
    );
    const expect = [
      { v: h, g: norm(dW1, db1), w: norm(W1, b1) },
      { v: a, g: null, w: null },
      { v: o, g: norm(dW2, db2), w: norm(W2, b2) },
    ];
    expect.forEach((e, i) => {
      const got = s.layers[i]!,
        ref = moments(e.v);
      close(got.mean, ref.mean, `layer ${i} mean`);
      close(got.std, ref.std, `layer ${i} std`);
      if (e.g === null) assert.deepEqual([got.gradNorm, got.weightNorm], [null, null], `layer ${i} has no parameters`);
      else {
        close(got.gradNorm!, e.g, `layer ${i} gradient norm`);
        close(got.weightNorm!, e.w!, `layer ${i} weight norm`);
      }
    });
  });

  it('a CNN with batchnorm, dropout and a residual block: gradient norms equal the grads of a plan compiled without observe', async () => {
    const g = new GraphBuilder([2, 6, 6])
      .conv2d(4, 3, { pad: 'same', act: 'relu' })
      .pool('maxpool2d', 2)
      .batchnorm()
      .flatten()
      .dense(8, 'tanh')
      .dropout(0.3);
    g.residual((b) => b.dense(8, 'relu').dense(8));
    const graph = g.dense(3).build('cnn');
    const ds = generate({ generator: 'blobs', size: 40, noise: 0.5, classes: 3, features: 72, seed: 5 });
    const data = { train: new Dataset(ds.x, ds.y, [2, 6, 6], ds.targetLen, ds.classes), val: null, test: null };
    const config = trainConfig({ optimizer: SGD0, epochs: 1, batch: 40, seed: 3 });
    const init = initialWeights(
      compilePlan(graph, { maxBatch: 40, loss: config.loss, optimizer: SGD0, weightDecay: 0, l1: 0, clipNorm: null }).params,
      9,
    );
    const snaps: LayerStats[] = [];
    await train({ graph, data, init, config, shuffle: false, inspect: { everyMs: 1e9, onStats: (s) => snaps.push(s) } });

    // Reference: the same step through a plan without observe, its gradient buffer read directly.
    const plan = compilePlan(graph, { maxBatch: 40, loss: config.loss, optimizer: SGD0, weightDecay: 0, l1: 0, clipNorm: null });
    const exe = new Executable(plan, new CpuBackend());
    exe.writeWeights(exe.flat(init));
    exe.writeBatch(data.train.x, data.train.y);
    const rt = Object.assign(newRuntime(), { n: 40, step: 1, lr: 0, seed: deriveSeed(3, 'dropout') }); // the trainer's dropout masks
    exe.trainStep(rt);
    const grads = await exe.backend.read(exe.handle(plan.gradsBuffer));
    const byLayer = new Map<number, number>();
    for (const e of plan.params.filter((p) => p.trainable)) {
      const layer = graph.nodes[e.node]!.layer;
      byLayer.set(layer, (byLayer.get(layer) ?? 0) + grads.subarray(e.offset, e.offset + e.size).reduce((q, v) => q + v * v, 0));
    }
    const s = snaps.at(-1)!;
    assert.equal(s.step, 1);
    const withParams = s.layers.filter((l) => l.gradNorm !== null);
    assert.deepEqual(
      withParams.map((l) => l.layer),
      [...byLayer.keys()].sort((a, b) => a - b),
      'every layer with parameters, and only those, has a gradient norm',
    );
    for (const l of withParams)
      close(l.gradNorm!, Math.sqrt(byLayer.get(l.layer)!), `layer ${l.layer} (${graph.layers[l.layer]!.kind}) gradient norm`);
    assert.ok(
      withParams.every((l) => l.gradNorm! > 0),
      'gradients reach every layer',
    );
    // The last layer's statistics are those of the model's eval outputs on the probe batch.
    exe.writeBatch(data.train.x, data.train.y);
    exe.evaluate.run(Object.assign(newRuntime(), { n: 40, lossSlot: plan.lossWindow }));
    const out = [...(await exe.backend.read(exe.handle(plan.evalOutput), 0, 40 * 3))];
    const ref = moments(out),
      last = s.layers.at(-1)!;
    close(last.mean, ref.mean, 'output mean');
    close(last.std, ref.std, 'output std');
    // Eval mode: dropout is the identity, so its statistics are those of the layer before it.
    const drop = s.layers.find((l) => graph.layers[l.layer]!.kind === 'dropout')!,
      before = s.layers[s.layers.indexOf(drop) - 1]!;
    assert.deepEqual([drop.mean, drop.std], [before.mean, before.std]);
  });

  it('taking snapshots every step leaves the run unchanged (losses and weights bit for bit)', async () => {
    const data = split(generate({ generator: 'spiral', size: 150, noise: 0.1, classes: 3, features: 2, seed: 2 }), 0.2, 0, 5);
    const g = new GraphBuilder([2]).dense(16, 'relu');
    g.residual((b) => b.dense(16).batchnorm().act('relu').dense(16)).dropout(0.1);
    const graph = g.dense(3).build('spiral');
    const run = async (inspect: boolean) => {
      const steps: StepRecord[] = [];
      let snaps = 0;
      const end = await train({
        graph,
        data,
        config: trainConfig({ epochs: 3, batch: 16, optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } }),
        observer: { step: (s) => steps.push(s) },
        ...(inspect ? { inspect: { everyMs: 0, onStats: () => snaps++ } } : {}),
      });
      return { end, steps, snaps };
    };
    const plain = await run(false),
      inspected = await run(true);
    assert.equal(inspected.snaps, inspected.end.steps, 'a snapshot after every step');
    assert.deepEqual(inspected.steps, plain.steps);
    assert.deepEqual(inspected.end.final, plain.end.final);
    for (const [name, t] of plain.end.weights) assert.deepEqual([...inspected.end.weights.get(name)!.data], [...t.data], name);
  });

  it('keys each layer of a parsed model the way the diagram does: every layer node and residual "+" gets statistics', async () => {
    const text =
      `data d {\n  source: synthetic(moons, size 64, seed 1)\n}\n` +
      `model m(input [2]) {\n  dense 8 relu\n  residual {\n    dense 8 relu\n    dense 8\n  }\n` +
      `  repeat 2 {\n    dense 8 tanh\n  }\n  dropout 0.1\n  dense 2\n}\n` +
      `train m on d {\n  loss: cross_entropy\n  epochs: 1\n  batch: 16\n}\n`;
    const analysis = analyze(text);
    const model = analysis.models[0]!;
    const graph = runsForModel(analysis, 'm')[0]!.graph;
    const diagram = buildDiagram(model.name, model.inputShape, model.layers);
    const want = diagram.nodes
      .filter((n) => n.kind === 'layer' || n.kind === 'add')
      .map((n) => n.layer)
      .sort((a, b) => a - b);
    assert.deepEqual(
      layerOutputs(graph).map((id) => graph.nodes[id]!.layer),
      want,
    );
    const ds = generate({ generator: 'moons', size: 64, noise: 0.1, classes: 2, features: 2, seed: 1 });
    const snaps: LayerStats[] = [];
    await train({
      graph,
      data: { train: ds, val: null, test: null },
      config: trainConfig({ epochs: 1, batch: 16 }),
      inspect: { everyMs: 1e9, onStats: (s) => snaps.push(s) },
    });
    assert.deepEqual(
      snaps.map((s) => s.step),
      [1, 4],
      "the first step, then the run's end",
    );
    assert.deepEqual(
      snaps[1]!.layers.map((l) => l.layer),
      want,
    );
    assert.ok(
      snaps[1]!.layers.every((l) => Number.isFinite(l.mean) && l.std > 0),
      JSON.stringify(snaps[1]),
    );
  });
});
