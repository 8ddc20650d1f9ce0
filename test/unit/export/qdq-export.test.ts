// The int8 QDQ export: a conv + dense model quantized with calibrated grids passes ONNX's checker,
// stores its weights as int8 initializers (the float ones left out), and onnxruntime-web's outputs
// stay within one step of the output grid of the engine's simulation; the simulation of the int8
// model is the float model's within the error the grids allow.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../../src/engine/data/dataset';
import { calibrate } from '../../../src/engine/quant/calibrate';
import { quantizeGraph } from '../../../src/engine/quant/graph';
import { Rng } from '../../../src/engine/rng';
import { countParams } from '../../../src/export/onnx/compress-report';
import { exportOnnx } from '../../../src/export/onnx/export';
import { exportQdq, qdqModel, verifyQdq } from '../../../src/export/onnx/qdq';
import { engineOutputs } from '../../../src/export/onnx/verify';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { onnxChecker, ortKernels, randomWeights } from './onnx-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'mlab-qdq-'));
const CONFIG = { loss: { kind: 'cross_entropy', labelSmoothing: 0 }, batch: 16, seed: 4 } as const;

function setup() {
  const graph = new GraphBuilder([2, 8, 8])
    .conv2d(6, 3, { act: 'relu', pad: 'same' })
    .pool('maxpool2d', 2)
    .flatten()
    .dense(128, 'relu')
    .dense(5)
    .build('q');
  const weights = randomWeights(graph);
  const rng = new Rng(8);
  const n = 96;
  const train = new Dataset(
    Float32Array.from({ length: n * 128 }, () => rng.normal()),
    Float32Array.from({ length: n }, () => rng.int(5)),
    [2, 8, 8],
    1,
    5,
  );
  return { graph, weights, train };
}

describe('int8 QDQ ONNX export', function () {
  this.timeout(60_000);

  for (const method of ['minmax', 'percentile'] as const) {
    it(`${method}: the checker accepts it; int8 weights; onnxruntime-web within one output step of the simulation`, async () => {
      const { graph, weights, train } = setup();
      const q = quantizeGraph(graph);
      const qw = await calibrate(q, graph, weights, train, CONFIG, { batches: 4, method, percentile: 99.9 }, 0);
      const bytes = exportQdq(q.graph, qw);
      const path = join(tmp, `${method}.onnx`);
      writeFileSync(path, bytes);
      assert.match(onnxChecker(path), /^opset 17/);
      const model = qdqModel(q.graph, qw);
      const init = new Map(model.graph.initializer.map((t) => [t.name, t]));
      for (const w of ['conv2d_1.weight', 'dense_1.weight', 'dense_2.weight']) {
        assert.equal(init.get(`${w}_quantized`)?.dataType, 3, `${w} is stored as int8`);
        assert.ok(!init.has(w), `the float ${w} is left out`);
      }
      const ops = model.graph.node.map((n) => n.opType);
      // Three layer inputs, the dense layer's input once more before the pool (the conv ends in a
      // quantizer) and the output; 5 activations, 3 weights and 3 biases dequantized.
      assert.equal(ops.filter((o) => o === 'QuantizeLinear').length, 5);
      assert.equal(ops.filter((o) => o === 'DequantizeLinear').length, 11);
      // The form onnxruntime fuses (QGemm, QLinearConv): each layer one Gemm / Conv with an int32
      // bias, weights with explicit int8 zero points, each grid's scale stored once.
      assert.deepEqual(
        ops.filter((o) => ['Gemm', 'Conv', 'MatMul', 'Add'].includes(o)),
        ['Conv', 'Gemm', 'Gemm'],
      );
      for (const n of model.graph.node.filter((m) => m.opType === 'Gemm' || m.opType === 'Conv')) assert.equal(n.input.length, 3);
      for (const b of ['conv2d_1.bias', 'dense_1.bias', 'dense_2.bias']) {
        assert.equal(init.get(`${b}_quantized`)?.dataType, 6, `${b} is stored as int32`);
        assert.ok(!init.has(b));
      }
      for (const n of model.graph.node.filter((m) => m.opType === 'DequantizeLinear' && m.input[0]!.endsWith('weight_quantized'))) {
        const zp = init.get(n.input[2] ?? '');
        assert.ok(zp?.dataType === 3 && zp.rawData!.every((v) => v === 0), `${n.name} has int8 zero points 0`);
      }
      assert.ok(![...init.keys()].some((k) => /_\d+$/.test(k)), 'no initializer stored twice');
      const mul = model.graph.node.filter((m) => m.opType === 'Mul').map((m) => m.input.join(' * '));
      assert.ok(mul.includes('dense_1.input.quant.scale * dense_1.weight.quant.scale'), mul.join(', '));
      // The compression report counts the same parameters in both files (the int32 biases too).
      const counts = [countParams(bytes), countParams(exportOnnx(graph, weights))];
      assert.equal(counts[0]!.params, counts[1]!.params);
      assert.ok(counts[0]!.nonZero > 0.95 * counts[1]!.nonZero, `${counts[0]!.nonZero} non-zero of ${counts[1]!.nonZero}`);
      // int8 weights: a quarter of the float ones (the names and the float biases and scales add to it).
      const ratio = bytes.length / exportOnnx(graph, weights).length;
      assert.ok(ratio < 0.35, `int8 file is ${ratio.toFixed(3)} of the float one`);
      const x = train.x.slice(0, 32 * 128);
      const v = await verifyQdq(bytes, q.graph, qw, x, 32);
      assert.ok(v.step > 0);
      assert.ok(v.ok, `max |onnx - engine| ${v.maxAbsDiff} above one step ${v.step}`);
      // Min/max grids hold every calibration value: the simulation is the float model's to within a
      // few steps (percentile grids clip these normal inputs' tails, so they may differ more).
      const [float, sim] = await Promise.all([engineOutputs(graph, weights, x, 32), engineOutputs(q.graph, qw, x, 32)]);
      let worst = 0;
      for (let i = 0; i < float.length; i++) worst = Math.max(worst, Math.abs(float[i]! - sim[i]!));
      assert.ok(worst > 0, 'the simulation rounds');
      if (method === 'minmax') assert.ok(worst < 10 * v.step, `simulation differs from float by ${worst} (step ${v.step})`);
    });
  }

  it('onnxruntime-web runs it on integer kernels: QLinearConv and QGemm, the only float op the final dequantize', async () => {
    const { graph, weights, train } = setup();
    const q = quantizeGraph(graph);
    const qw = await calibrate(q, graph, weights, train, CONFIG, { batches: 2, method: 'minmax', percentile: 99.9 }, 0);
    const path = join(tmp, 'fused.onnx');
    writeFileSync(path, exportQdq(q.graph, qw));
    const kernels = ortKernels(path, [4, 2, 8, 8]);
    assert.deepEqual(
      kernels.filter((k) => !['Transpose', 'Flatten', 'Reshape'].includes(k)),
      ['QuantizeLinear', 'QLinearConv', 'NhwcMaxPool', 'QGemm', 'QGemm', 'DequantizeLinear'],
      kernels.join(' '),
    );
  });

  it('refuses a graph that was not quantized, and a quantized one without its grids', async () => {
    const { graph, weights } = setup();
    assert.throws(() => exportQdq(graph, weights), /not quantized/);
    assert.throws(() => exportQdq(quantizeGraph(graph).graph, weights), /no tensor 'conv2d_1.input.quant'/);
  });
});
