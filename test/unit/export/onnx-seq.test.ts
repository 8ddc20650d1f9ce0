// The sequence layers in ONNX: token models (embedding, positional tables, attention with causal
// and padding masks, transformer blocks, cls_token, every pool mode) and recurrent models (every
// cell, stacked, bidirectional, both returns), each accepted by ONNX's checker and matched by
// onnxruntime-web against the engine's CPU evaluation within 1e-4, on token ids with padding, at
// the model's length and (the same file: the length is symbolic) at a shorter one.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Graph } from '../../../src/graph/ir';
import { exportOnnx, onnxModel } from '../../../src/export/onnx/export';
import { firstPositions } from '../../../src/export/onnx/export-run';
import { DTYPE } from '../../../src/export/onnx/proto';
import { sequenceAxes, withSequenceLength } from '../../../src/export/onnx/sequence';
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

model cls_bert(tokens [10]) {
  embedding 20 8
  cls_token
  transformer heads 2 ff 16
  pool first
  dense 2
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

/** The longest length each model takes: its positional table's rows (lm's max 16, bert's sinusoidal table of 10); null: any. */
const MAX: Record<string, number | null> = {
  lm: 16,
  bert: 10,
  vit: null,
  avg: null,
  last: null,
  shifted: null,
  cls_bert: null,
  shifted_last: null,
  relu: null,
  memory: null,
  gated: null,
};

async function check(graph: Graph, name: string) {
  const weights = randomWeights(graph, 3);
  const bytes = exportOnnx(graph, weights);
  const path = join(tmp, `${name}.onnx`);
  writeFileSync(path, bytes);
  assert.match(onnxChecker(path), /^opset 17 ir 8$/);
  const n = 6;
  const T = graph.inputShape[0]!;
  const x = graph.inputKind === 'tokens' ? tokens(T, n) : (await checkInputs(graph, null, n)).x;
  const full = await verifyOnnx(bytes, graph, weights, x, n);
  // The same file on the first 3 positions, against the engine's model built for length 3.
  const seq = sequenceAxes(graph)!;
  const short = withSequenceLength(graph, seq, 3);
  const cut = firstPositions({ x, n, source: '' }, T, 3);
  return { full, short: await verifyOnnx(bytes, short, weights, cut, n), seq, model: onnxModel(graph, weights) };
}

describe('ONNX export of sequence layers', function () {
  this.timeout(60_000);
  for (const name of Object.keys(MAX)) {
    it(`${name}: onnxruntime-web matches the engine at its length and at a shorter one`, async () => {
      const graph = graphOf(MODELS, name);
      const { full, short, seq, model } = await check(graph, name);
      assert.ok(full.ok && full.maxAbsDiff <= TOLERANCE, `${name}: max abs diff ${full.maxAbsDiff}`);
      assert.ok(short.ok && short.maxAbsDiff <= TOLERANCE, `${name} at length 3: max abs diff ${short.maxAbsDiff}`);
      assert.equal(seq.max, MAX[name]);
      const input = model.graph.input[0]!.type.tensorType;
      assert.deepEqual(input.shape.dim.slice(0, 2), [{ dimParam: 'batch' }, { dimParam: 'sequence' }]);
      assert.equal(input.elemType, graph.inputKind === 'tokens' ? DTYPE.INT64 : DTYPE.FLOAT, 'token ids are int64');
    });
  }

  it('the length stays fixed where a layer needs it (a flatten over positions), and token ids must be ids', async () => {
    const graph = graphOf(`model flat(tokens [6]) {\n  embedding 20 4\n  flatten\n  dense 2\n}`);
    assert.equal(sequenceAxes(graph), null);
    const m = onnxModel(graph, randomWeights(graph));
    assert.deepEqual(m.graph.input[0]!.type.tensorType.shape.dim, [{ dimParam: 'batch' }, { dimValue: 6 }]);
    const weights = randomWeights(graph);
    const bytes = exportOnnx(graph, weights);
    await assert.rejects(verifyOnnx(bytes, graph, weights, new Float32Array(6).fill(0.5), 1), /not a token id in \[0, 20\)/);
    await assert.rejects(verifyOnnx(bytes, graph, weights, new Float32Array(6).fill(20), 1), /not a token id/);
    const generated = await checkInputs(graph, null, 8);
    assert.ok(
      generated.x.every((v) => Number.isInteger(v) && v >= 0 && v < 20),
      'generated inputs of a token model are ids',
    );
    assert.ok(new Set(generated.x).size > 5, 'and they vary');
  });
});
