// Every op's gradient against central finite differences, one line per case (as tinygrad's
// test_ops). Shapes cover scalar-per-sample, broadcast (bias along channels, batchnorm over
// C,H,W) and batch sizes 1 and several.

import * as assert from 'node:assert/strict';
import type { Graph, Shape } from '../../../src/graph/ir';
import type { LossSpec } from '../../../src/graph/train-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { gradCheck } from './gradcheck';

type Build = (g: GraphBuilder) => unknown;
const MSE: LossSpec = { kind: 'mse' };
const CE: LossSpec = { kind: 'cross_entropy', labelSmoothing: 0 };

// name, per-sample input shape, batch, layers, loss
const CASES: [string, Shape, number, Build, LossSpec?][] = [
  ['matmul [5]x[5,3]', [5], 4, (g) => g.dense(3, undefined, { kind: 'xavier_uniform' }, false)],
  ['matmul scalar [1]x[1,1]', [1], 3, (g) => g.dense(1, undefined, { kind: 'xavier_uniform' }, false)],
  ['matmul batch 1', [6], 1, (g) => g.dense(4)],
  ['dense + bias [4]->[3]', [4], 5, (g) => g.dense(3)],
  ['dense relu (fused epilogue)', [4], 3, (g) => g.dense(5, 'relu').dense(2)],
  [
    'dense elu, leaky_relu, sigmoid, tanh (fused)',
    [4],
    3,
    (g) => g.dense(5, 'elu').dense(5, 'leaky_relu').dense(5, 'sigmoid').dense(4, 'tanh').dense(2),
  ],
  ['dense gelu (not fused: reads its input)', [4], 3, (g) => g.dense(5, 'gelu').dense(2)],
  ['conv relu (fused epilogue)', [1, 4, 4], 2, (g) => g.conv2d(2, 3, { pad: 'same', act: 'relu' })],
  ['relu', [7], 3, (g) => g.act('relu')],
  ['leaky_relu', [7], 3, (g) => g.act('leaky_relu')],
  ['leaky_relu alpha 0.2', [7], 3, (g) => g.act('leaky_relu', 0.2)],
  ['elu', [7], 3, (g) => g.act('elu')],
  ['gelu', [7], 3, (g) => g.act('gelu')],
  ['sigmoid', [7], 3, (g) => g.act('sigmoid')],
  ['tanh', [7], 3, (g) => g.act('tanh')],
  ['softmax [5]', [5], 3, (g) => g.softmax()],
  ['softmax rows [2,4]', [2, 4], 2, (g) => g.softmax()],
  ['conv2d 3x3 valid', [2, 5, 5], 2, (g) => g.conv2d(3, 3)],
  ['conv2d 3x3 same', [2, 5, 4], 2, (g) => g.conv2d(3, 3, { pad: 'same' })],
  ['conv2d 3x3 stride 2 pad 1', [2, 6, 6], 2, (g) => g.conv2d(2, 3, { stride: 2, pad: 1 })],
  ['conv2d 2x2 even same', [1, 4, 4], 3, (g) => g.conv2d(2, 2, { pad: 'same' })],
  ['conv2d 1x1', [3, 3, 3], 2, (g) => g.conv2d(4, 1)],
  ['bias_add along channels', [3, 2, 2], 2, (g) => g.conv2d(3, 1, { bias: true })],
  ['maxpool 2', [2, 4, 4], 2, (g) => g.pool('maxpool2d', 2)],
  ['maxpool 3 stride 2 pad 1', [1, 5, 5], 2, (g) => g.pool('maxpool2d', 3, 2, 1)],
  ['avgpool 2', [2, 4, 4], 2, (g) => g.pool('avgpool2d', 2)],
  ['avgpool 3 stride 1 pad 1', [1, 4, 4], 2, (g) => g.pool('avgpool2d', 3, 1, 1)],
  ['global_avgpool', [3, 3, 2], 2, (g) => g.globalAvgPool()],
  ['flatten', [2, 3, 2], 2, (g) => g.flatten().dense(3)],
  ['dropout 0.3 (train mask)', [8], 4, (g) => g.dropout(0.3)],
  ['batchnorm [C]', [4], 5, (g) => g.batchnorm()],
  ['batchnorm [C,H,W]', [3, 2, 2], 3, (g) => g.batchnorm()],
  ['layernorm [6]', [6], 3, (g) => g.layernorm()],
  ['layernorm rows [2,5]', [2, 5], 2, (g) => g.layernorm()],
  ['residual add', [4], 3, (g) => g.residual((b) => b.dense(4, 'tanh'))],
  ['residual with branch point', [4], 2, (g) => g.dense(4, 'tanh').residual((b) => b.dense(4, 'sigmoid').dense(4))],
  ['loss mse', [3], 4, () => {}, MSE],
  ['loss mae', [3], 4, () => {}, { kind: 'mae' }],
  ['loss huber delta 1', [3], 4, (g) => g.dense(3), { kind: 'huber', delta: 1 }],
  ['loss huber delta 0.3', [3], 4, (g) => g.dense(3), { kind: 'huber', delta: 0.3 }],
  ['loss cross_entropy', [5], 4, () => {}, CE],
  ['loss cross_entropy smoothing 0.1', [5], 4, () => {}, { kind: 'cross_entropy', labelSmoothing: 0.1 }],
  ['loss cross_entropy on softmax output', [4], 3, (g) => g.dense(3).softmax(), CE],
  ['loss binary_cross_entropy (logits)', [1], 6, () => {}, { kind: 'binary_cross_entropy' }],
  ['loss binary_cross_entropy multi-label', [3], 2, (g) => g.dense(3), { kind: 'binary_cross_entropy' }],
  ['mlp: dense relu dropout dense', [6], 4, (g) => g.dense(8, 'relu').dropout(0.2).dense(3), CE],
  [
    'cnn: conv bn relu maxpool flatten dense',
    [2, 6, 6],
    3,
    (g) => g.conv2d(3, 3, { pad: 'same' }).batchnorm().act('relu').pool('maxpool2d', 2).flatten().dense(3),
    CE,
  ],
  // Recurrent layers: finite differences through time ([T, F] input), every cell and option.
  ['lstm [4,3] sequence', [4, 3], 3, (g) => g.layer('lstm 5')],
  ['lstm return last', [5, 2], 2, (g) => g.layer('lstm 4 return last')],
  ['lstm bidirectional', [4, 3], 2, (g) => g.layer('lstm 3 bidirectional')],
  ['lstm bidirectional return last', [4, 2], 2, (g) => g.layer('lstm 3 bidirectional return last')],
  ['lstm 2 layers dropout (train mask)', [3, 2], 2, (g) => g.layer('lstm 4 layers 2 dropout 0.3')],
  ['lstm 2 layers bidirectional last', [3, 2], 2, (g) => g.layer('lstm 3 layers 2 bidirectional return last')],
  ['gru [4,3] sequence', [4, 3], 3, (g) => g.layer('gru 5')],
  ['gru bidirectional', [4, 2], 2, (g) => g.layer('gru 3 bidirectional')],
  ['gru 2 layers return last', [3, 2], 2, (g) => g.layer('gru 4 layers 2 return last')],
  ['rnn tanh [5,3]', [5, 3], 3, (g) => g.layer('rnn 4')],
  ['rnn relu bidirectional', [4, 2], 2, (g) => g.layer('rnn 3 nonlinearity relu bidirectional')],
  ['rnn 2 layers return last', [3, 2], 2, (g) => g.layer('rnn 4 layers 2 return last')],
  ['lstm last -> dense, cross_entropy', [4, 2], 3, (g) => g.layer('lstm 4 return last').dense(3), CE],
];

// Ops over rows of a [R, ...] sample, which no layer line writes (dense takes a vector): name,
// rows, the shape of one row, batch, layers.
const ROW_CASES: [string, number, Shape, number, Build][] = [
  ['matmul rows [2,5]x[5,3]', 2, [5], 3, (g) => g.dense(3, undefined, { kind: 'xavier_uniform' }, false)],
  ['transformer-ish: layernorm residual gelu', 2, [4], 2, (g) => g.residual((b) => b.layernorm().dense(6, 'gelu').dense(4))],
];

/** The graph of one row, from the real builder, with a row axis put before every activation's shape. */
function overRows(rows: number, rowShape: Shape, build: Build): Graph {
  const g = new GraphBuilder(rowShape);
  build(g);
  const graph = g.build();
  const nodes = graph.nodes.map((n) => {
    if (n.op.kind === 'param') return n;
    const op = n.op.kind === 'bias_add' ? { ...n.op, axis: n.op.axis + 1 } : n.op;
    return { ...n, op, shape: [rows, ...n.shape] };
  });
  return { ...graph, inputShape: [rows, ...rowShape], nodes };
}

describe('engine: gradients vs finite differences', () => {
  for (const [name, shape, batch, build, loss] of CASES) {
    it(name, () => {
      const g = new GraphBuilder(shape);
      build(g);
      for (const fuse of [true, false]) {
        const r = gradCheck(g.build(), loss ?? MSE, batch, { fuse });
        assert.ok(r.checked > 0, 'nothing checked');
        assert.ok(r.worst <= 1, `${fuse ? 'fused' : 'unfused'}: worst ${r.worst.toFixed(2)} at ${r.where}`);
      }
    });
  }
  for (const [name, rows, rowShape, batch, build] of ROW_CASES) {
    it(name, () => {
      for (const fuse of [true, false]) {
        const r = gradCheck(overRows(rows, rowShape, build), MSE, batch, { fuse });
        assert.ok(r.checked > 0, 'nothing checked');
        assert.ok(r.worst <= 1, `${fuse ? 'fused' : 'unfused'}: worst ${r.worst.toFixed(2)} at ${r.where}`);
      }
    });
  }
});
