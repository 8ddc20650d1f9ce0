import { strict as assert } from 'node:assert';
import { buildGraph } from '../../../src/graph/build';
import type { LayerSpec } from '../../../src/graph/layer-spec';
import { estimateTrainingMemory, formatBytes, optimizerStateSlots } from '../../../src/graph/memory';
import { formatSummary } from '../../../src/graph/summary';
import { cleanGraph, modelWith } from '../lang/helpers';

const ADAM = { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
const R = { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };

describe('graph: activation memory and the training memory estimate', () => {
  it('counts every op output per sample, per layer', () => {
    const g = cleanGraph(modelWith('[784]', '  dense 512 relu\n  dense 256 relu\n  dense 10'));
    // matmul, bias_add and relu each keep an output for backward.
    assert.deepEqual(
      g.layers.map((l) => l.activationBytes),
      [4 * 3 * 512, 4 * 3 * 256, 4 * 2 * 10],
    );
    assert.equal(g.totals.activationBytes, 4 * 2324);
  });

  it('adds weights, gradients, optimizer state and activations at the batch size', () => {
    const g = cleanGraph(modelWith('[784]', '  dense 512 relu\n  dense 256 relu\n  dense 10'));
    const m = estimateTrainingMemory(g, ADAM, 64);
    assert.equal(m.weights, 535_818 * 4);
    assert.equal(m.gradients, 535_818 * 4);
    assert.equal(m.optimizerState, 2 * 535_818 * 4);
    assert.equal(m.activations, 64 * 4 * (2324 + 784));
    assert.equal(m.total, m.weights + m.gradients + m.optimizerState + m.activations);
  });

  it('knows each optimizer state size, and that running stats need no gradient', () => {
    assert.equal(optimizerStateSlots({ kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 }), 0);
    assert.equal(optimizerStateSlots({ kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: false, dampening: 0 }), 1);
    assert.equal(optimizerStateSlots({ kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: true }), 3);
    assert.equal(optimizerStateSlots({ kind: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8, momentum: 0.9, centered: true }), 3);
    assert.equal(optimizerStateSlots({ kind: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8, momentum: 0 }), 1);
    assert.equal(optimizerStateSlots({ kind: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8, momentum: 0.9 }), 2);
    assert.equal(optimizerStateSlots({ kind: 'adagrad', lr: 0.1, eps: 1e-10 }), 1);
    const bn = cleanGraph(modelWith('[32]', '  batchnorm'));
    const m = estimateTrainingMemory(bn, ADAM, 1);
    assert.deepEqual([m.weights, m.gradients, m.optimizerState], [128 * 4, 64 * 4, 128 * 4]);
  });

  it('formats bytes', () => {
    assert.deepEqual(
      [formatBytes(512), formatBytes(1536), formatBytes(10 * 1024 * 1024), formatBytes(300 * 1024)],
      ['512 B', '1.50 KiB', '10.0 MiB', '300 KiB'],
    );
  });
});

describe('graph: buildGraph from layer specs (no language involved)', () => {
  it('builds and summarises a model given as LayerSpecs', () => {
    const layers: LayerSpec[] = [
      {
        kind: 'dense',
        units: 4,
        activation: { fn: 'relu' },
        init: { kind: 'he_uniform' },
        biasInit: { kind: 'zeros' },
        bias: true,
        label: 'dense 4 relu',
        range: R,
      },
      {
        kind: 'dense',
        units: 1,
        activation: { fn: 'sigmoid' },
        init: { kind: 'xavier_uniform' },
        biasInit: { kind: 'zeros' },
        bias: true,
        label: 'dense 1 sigmoid',
        range: R,
      },
    ];
    const { graph, complete, errors } = buildGraph({ name: 'tiny', range: R, inputShape: [2], layers });
    assert.equal(complete, true);
    assert.deepEqual(errors, []);
    assert.equal(graph.totals.params, 2 * 4 + 4 + 4 + 1);
    const table = formatSummary(graph, { batch: 8, optimizer: ADAM });
    assert.match(table, /dense 4 relu\s+\[4\]\s+12\s+8/);
    assert.match(table, /Total params: 17/);
    assert.match(table, /Training memory at batch 8 \(adam\)/);
  });

  it('stops at the first shape error and keeps the layers before it', () => {
    const layers: LayerSpec[] = [
      { kind: 'flatten', label: 'flatten', range: R },
      { kind: 'maxpool', kernel: [2, 2], stride: [2, 2], pad: 'valid', label: 'maxpool 2', range: { ...R, startLine: 3 } },
    ];
    const { graph, complete, errors } = buildGraph({ name: 'bad', range: R, inputShape: [1, 4, 4], layers });
    assert.equal(complete, false);
    assert.deepEqual(
      errors.map((e) => [e.range.startLine, e.message]),
      [[3, 'maxpool 2 got [16] but needs an image [channels, height, width]']],
    );
    assert.deepEqual(
      graph.layers.map((l) => l.outputShape),
      [[16]],
    );
  });
});
