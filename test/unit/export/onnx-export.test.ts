// The ONNX export: every sample model and a model with every layer the language has, accepted by
// ONNX's checker and matched by onnxruntime-web against the engine's CPU evaluation (the
// reference) within 1e-4; names from the layers; the unknown-op error; a failed check writes nothing.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Graph } from '../../../src/graph/ir';
import { exportOnnx, OnnxExportError, onnxModel } from '../../../src/export/onnx/export';
import { exportOnnxFile } from '../../../src/export/onnx/export-run';
import { checkInputs } from '../../../src/export/onnx/inputs';
import { sequenceAxes } from '../../../src/export/onnx/sequence';
import { summariseOnnx } from '../../../src/export/onnx/summary';
import { TOLERANCE, verifyOnnx } from '../../../src/export/onnx/verify';
import { analyze, runsForModel } from '../../../src/lang/analyze';
import { graphOf, onnxChecker, randomWeights } from './onnx-helpers';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
/** Samples left out of the export test, each with why (none today: every sample exports). */
const EXCLUDED: ReadonlyMap<string, string> = new Map<string, string>([]);
const tmp = mkdtempSync(join(tmpdir(), 'mlab-onnx-'));

/** Every layer the language supports today, in one image model and one vector model. */
const EVERY_LAYER = `
model net(input [3, 12, 12]) {
  conv2d 8 kernel 3 stride 2 pad 1 leaky_relu 0.2
  batchnorm
  residual {
    conv2d 8 kernel [3, 1] pad same elu
    conv2d 8 kernel 1 gelu
  }
  maxpool 2 stride 1 pad same
  avgpool 3 stride 2 pad 1
  repeat 2 {
    residual {
      conv2d 8 kernel 3 pad same
      batchnorm
      relu
    }
  }
  global_avgpool
  dense 16 tanh
  dropout 0.3
  layernorm
  dense 10 softmax
}

model vec(input [5]) {
  dense 12 sigmoid
  batchnorm
  residual {
    dense 12 gelu
    layernorm
  }
  elu 0.5
  dense 4
  flatten
}
`;

async function exportAndCheck(graph: Graph, name: string, x?: { x: Float32Array; n: number }) {
  const weights = randomWeights(graph);
  const bytes = exportOnnx(graph, weights);
  const path = join(tmp, `${name}.onnx`);
  writeFileSync(path, bytes);
  const checker = onnxChecker(path);
  const inputs = x ?? (await checkInputs(graph, null, 8));
  const v = await verifyOnnx(bytes, graph, weights, inputs.x, inputs.n);
  return { bytes, weights, checker, v };
}

describe('ONNX export', function () {
  this.timeout(60_000);

  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.mlab'));
  it('covers every samples/*.mlab but the named exclusions, which exist', () => {
    assert.ok(samples.length >= 10, samples.join(', '));
    for (const f of EXCLUDED.keys()) assert.ok(samples.includes(f), `excluded ${f} is not a sample any more`);
  });

  for (const file of samples.filter((f) => !EXCLUDED.has(f))) {
    it(`${file}: the export's own check passes on its validation inputs (and a shorter sequence), the checker accepts it`, async () => {
      const path = join(SAMPLES, file);
      const analysis = analyze(readFileSync(path, 'utf8'));
      assert.ok(analysis.models.length > 0);
      for (const m of analysis.models) {
        const run = runsForModel(analysis, m.name)[0];
        const out = join(tmp, `${file}-${m.name}.onnx`);
        const data = run ? { data: run.data, config: run.config, file: path } : null;
        // The path the CLI and the editor take: verify (full length, then a shorter one), then write.
        const r = await exportOnnxFile({ graph: m.graph!, weights: randomWeights(m.graph!), data, out: [out] });
        assert.match(onnxChecker(out), /^opset 17 ir 8$/);
        assert.ok(r.maxAbsDiff <= TOLERANCE, `${m.name}: max abs diff ${r.maxAbsDiff} on ${r.inputSource}`);
        if (run) assert.match(r.inputSource, /^the (val|test|train) split of data /, `${m.name} is checked on its own data`);
        assert.equal(r.sequence !== undefined, sequenceAxes(m.graph!) !== null);
        if (r.sequence) assert.ok(r.sequence.maxAbsDiff <= TOLERANCE && r.sequence.checkedLength < m.graph!.inputShape[0]!);
      }
    });
  }

  it('every layer (conv strides and pads, batchnorm, residual, pools, repeat, layernorm, gelu, elu, leaky_relu, softmax, dropout) matches', async () => {
    for (const model of ['net', 'vec']) {
      const graph = graphOf(EVERY_LAYER, model);
      const { v, checker } = await exportAndCheck(graph, `every-${model}`);
      assert.match(checker, /^opset 17/);
      assert.ok(v.ok, `${model}: max abs diff ${v.maxAbsDiff}`);
    }
  });

  it('names initializers after the parameters and nodes after the layers; batch is symbolic; no Dropout node', () => {
    const graph = graphOf(EVERY_LAYER, 'net');
    const m = onnxModel(graph, randomWeights(graph));
    const params = graph.nodes.flatMap((n) => (n.op.kind === 'param' ? [n.op.name] : []));
    const inits = new Set(m.graph.initializer.map((t) => t.name));
    for (const p of params) assert.ok(inits.has(p), `initializer ${p}`);
    assert.ok(inits.has('batchnorm_1.running_mean') && inits.has('batchnorm_2.running_var'));
    const names = m.graph.node.map((n) => n.name);
    for (const expected of [
      'conv2d_1.conv',
      'conv2d_1.leaky_relu',
      'batchnorm_1.batchnorm',
      'residual_1.add',
      'avgpool_1.avgpool',
      'dense_2.softmax',
    ])
      assert.ok(names.includes(expected), `node ${expected} in ${names.join(', ')}`);
    assert.equal(new Set(names).size, names.length, 'node names are unique');
    assert.ok(!m.graph.node.some((n) => n.opType === 'Dropout' || n.opType === 'Gelu'));
    assert.ok(
      m.graph.node.some((n) => n.opType === 'Erf'),
      'gelu is decomposed with Erf (opset 17 has no Gelu)',
    );
    assert.deepEqual(m.graph.input[0]!.type.tensorType.shape.dim, [
      { dimParam: 'batch' },
      { dimValue: 3 },
      { dimValue: 12 },
      { dimValue: 12 },
    ]);
    assert.deepEqual(m.graph.output[0]!.type.tensorType.shape.dim, [{ dimParam: 'batch' }, { dimValue: 10 }]);
  });

  it('the check fails when the file does not compute what the engine does', async () => {
    const graph = graphOf(EVERY_LAYER, 'vec');
    const bytes = exportOnnx(graph, randomWeights(graph, 1));
    const inputs = await checkInputs(graph, null, 4);
    const v = await verifyOnnx(bytes, graph, randomWeights(graph, 2), inputs.x, inputs.n);
    assert.equal(v.ok, false);
    assert.ok(v.maxAbsDiff > 1e-2, String(v.maxAbsDiff));
  });

  it('non-finite outputs fail the check, even where both sides agree', async () => {
    const graph = graphOf(EVERY_LAYER, 'vec');
    const weights = new Map(randomWeights(graph));
    const w = weights.get('dense_1.weight')!;
    weights.set('dense_1.weight', { shape: w.shape, data: w.data.map(() => NaN) });
    const inputs = await checkInputs(graph, null, 2);
    const v = await verifyOnnx(exportOnnx(graph, weights), graph, weights, inputs.x, inputs.n);
    assert.equal(v.ok, false);
    assert.equal(v.maxAbsDiff, Infinity);
  });

  it('an op it does not know is an error naming the layer and its line, and no file is written', async () => {
    const graph = graphOf(EVERY_LAYER, 'vec');
    const layer = graph.nodes.find((n) => n.op.kind === 'layernorm')!.layer;
    const alien = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.op.kind === 'layernorm' ? { ...n, op: { kind: 'lstm' } } : n)),
    } as unknown as Graph;
    const line = graph.layers[layer]!.range.startLine + 1;
    assert.throws(
      () => exportOnnx(alien, randomWeights(graph)),
      (e: Error) => {
        assert.ok(e instanceof OnnxExportError);
        assert.equal(e.message, `line ${line}: layernorm: ONNX export does not support the 'lstm' op yet`);
        return true;
      },
    );
    const out = join(tmp, 'alien.onnx');
    await assert.rejects(exportOnnxFile({ graph: alien, weights: randomWeights(graph), data: null, out: [out] }), OnnxExportError);
    assert.equal(existsSync(out), false);
  });

  it('a weights file that lacks a parameter is an error naming it', () => {
    const graph = graphOf(EVERY_LAYER, 'vec');
    const weights = new Map(randomWeights(graph));
    weights.delete('dense_2.bias');
    assert.throws(() => exportOnnx(graph, weights), /the weights have no tensor 'dense_2.bias' \(line \d+: dense 12 gelu\)/);
  });

  it('summarises an exported file: inputs, outputs, operators, parameters', () => {
    const graph = graphOf(EVERY_LAYER, 'net');
    const s = summariseOnnx(exportOnnx(graph, randomWeights(graph)));
    assert.deepEqual(s.inputs, [{ name: 'input', shape: ['batch', 3, 12, 12], elemType: 1 }]);
    assert.deepEqual(s.outputs, [{ name: 'output', shape: ['batch', 10], elemType: 1 }]);
    assert.equal(s.opsets[0]!.version, 17);
    assert.equal(s.operators.get('Conv'), 5);
    assert.equal(s.operators.get('BatchNormalization'), 3);
    // Float initializers: every parameter, running statistics included, plus gelu's three constants.
    assert.equal(s.params, graph.totals.params + graph.totals.nonTrainable + 3);
    assert.deepEqual(s.unknownNodes, []);
    assert.deepEqual(summariseOnnx(exportOnnx(graph, randomWeights(graph)), new Set(['Conv'])).unknownNodes.length > 0, true);
  });
});
