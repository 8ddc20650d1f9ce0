// The sequence layers in ONNX: token models (embedding, positional tables, attention with causal
// and padding masks, transformer blocks, cls_token, every pool mode) and recurrent models (every
// cell, stacked, bidirectional, both returns), each accepted by ONNX's checker and matched by
// onnxruntime-web against the engine's CPU evaluation within 1e-4, on token ids with padding.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Graph } from '../../../src/graph/ir';
import { exportOnnx } from '../../../src/export/onnx/export';
import { checkInputs } from '../../../src/export/onnx/inputs';
import { TOLERANCE, verifyOnnx } from '../../../src/export/onnx/verify';
import { Rng } from '../../../src/engine/rng';
import { graphOf, onnxChecker, randomWeights } from './onnx-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'mlab-onnx-seq-'));
const V = 20;

const MODELS = `
model lm(tokens [12]) {
  embedding 20 16 pad 0
  positional learned max 16
  attention heads 2 causal
  layernorm
  dense 20
}

model bert(tokens [10]) {
  embedding 20 8
  positional sinusoidal
  transformer heads 2 ff 16 norm_first
  transformer heads 4 ff 12 activation gelu causal
  pool first
  dense 3
}

model vit(input [6, 4]) {
  dense 8
  cls_token
  transformer heads 2 ff 16
  pool first
  dense 3
}

model avg(tokens [10]) {
  embedding 20 8
  gru 6 bidirectional
  pool mean
}

model last(tokens [10]) {
  embedding 20 8
  lstm 5 layers 2 bidirectional
  pool last
  dense 3
}

model shifted(tokens [10]) {
  embedding 20 8
  cls_token
  pool mean
}

model shifted_last(tokens [10]) {
  embedding 20 8
  cls_token
  pool last
}

model relu(input [7, 3]) {
  rnn 5 nonlinearity relu layers 2 bidirectional return last
  dense 2
}

model memory(input [7, 3]) {
  lstm 4 bidirectional return last
}

model gated(input [7, 3]) {
  gru 4 layers 2
  pool mean
}
`;

/** Token ids 1..V-1 with trailing padding of random length; sample 0 is all padding, sample 1 has a hole. */
function tokens(T: number, n: number): Float32Array {
  const rng = new Rng(7);
  const x = new Float32Array(n * T);
  for (let b = 0; b < n; b++) {
    const len = b === 0 ? 0 : 1 + Math.floor(rng.uniform() * T);
    for (let t = 0; t < len; t++) x[b * T + t] = 1 + Math.floor(rng.uniform() * (V - 1));
    if (b === 1 && T > 3) x[b * T + 1] = 0;
  }
  return x;
}

async function check(graph: Graph, name: string) {
  const weights = randomWeights(graph, 3);
  const bytes = exportOnnx(graph, weights);
  const path = join(tmp, `${name}.onnx`);
  writeFileSync(path, bytes);
  assert.match(onnxChecker(path), /^opset 17 ir 8$/);
  const n = 6;
  const x = graph.inputKind === 'tokens' ? tokens(graph.inputShape[0]!, n) : (await checkInputs(graph, null, n)).x;
  return verifyOnnx(bytes, graph, weights, x, n);
}

describe('ONNX export of sequence layers', function () {
  this.timeout(60_000);
  for (const name of ['lm', 'bert', 'vit', 'avg', 'last', 'shifted', 'shifted_last', 'relu', 'memory', 'gated']) {
    it(`${name}: onnxruntime-web matches the engine`, async () => {
      const v = await check(graphOf(MODELS, name), name);
      assert.ok(v.ok && v.maxAbsDiff <= TOLERANCE, `${name}: max abs diff ${v.maxAbsDiff}`);
    });
  }
});
