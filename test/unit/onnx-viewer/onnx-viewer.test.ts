// The ONNX viewer's data: a file from PyTorch's torch.onnx.export (scripts/torch-onnx-fixture.py)
// and one of our own exports read into the summary and the diagram; unknown and custom-domain
// nodes listed by name; a file that is not ONNX says so. The expected values are the PyTorch
// model's own (its layers and parameter counts), not this code's output.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnxDiagram } from '../../../src/export/onnx/diagram';
import { exportOnnx } from '../../../src/export/onnx/export';
import { decodeModel, DTYPE, encodeModel, type OnnxModel } from '../../../src/export/onnx/proto';
import { onnxShow } from '../../../src/extension/onnx-viewer/wire';
import { OnnxShow } from '../../../src/protocol/onnx-viewer';
import { graphOf, randomWeights } from '../export/onnx-helpers';

const TORCH = join(__dirname, '..', '..', 'fixtures', 'workspace', 'onnx', 'torch-cnn.onnx');
const tensor = (name: string, dims: ({ dimValue: number } | { dimParam: string })[]) => ({
  name,
  type: { tensorType: { elemType: 1, shape: { dim: dims } } },
});

describe('ONNX viewer', () => {
  it("reads PyTorch's export: inputs and outputs with the symbolic batch, operators, parameters", () => {
    const shown = onnxShow(TORCH, readFileSync(TORCH));
    OnnxShow.parse(shown); // fits the wire's bounds
    const s = shown.summary!;
    assert.equal(shown.problem, null);
    assert.match(s.producer, /^pytorch 1\.13/);
    assert.deepEqual(s.inputs, [{ name: 'image', shape: ['N', 1, 28, 28], elemType: 1 }]);
    assert.deepEqual(s.outputs, [{ name: 'logits', shape: ['N', 10], elemType: 1 }]);
    // Conv2d(1, 4, 3) with BatchNorm2d folded in by the exporter, then Linear(784, 10).
    assert.deepEqual(
      s.operators.map((o) => [o.opType, o.count]),
      [
        ['Conv', 1],
        ['Relu', 1],
        ['MaxPool', 1],
        ['Flatten', 1],
        ['Gemm', 1],
      ],
    );
    assert.equal(s.params, 4 * 9 + 4 + 784 * 10 + 10);
    assert.equal(s.paramBytes, 4 * s.params);
    assert.deepEqual(s.unknownNodes, []);
    const d = shown.diagram!;
    assert.deepEqual(
      d.nodes.map((n) => [n.kind, n.label, n.params]),
      [
        ['input', 'image', 0],
        ['layer', 'Conv', 40],
        ['layer', 'Relu', 0],
        ['layer', 'MaxPool', 0],
        ['layer', 'Flatten', 0],
        ['layer', 'Gemm', 7850],
      ],
    );
    assert.equal(d.nodes[0]!.shapeLabel, '[N, 1, 28, 28]');
    assert.equal(d.nodes[5]!.shapeLabel, '[N, 10]', 'the graph output has its shape');
    assert.deepEqual(
      d.edges.map((e) => `${e.from}>${e.to}`),
      ['I0>N0', 'N0>N1', 'N1>N2', 'N2>N3', 'N3>N4'],
    );
  });

  it("draws one of our exports: the symbolic 'batch', one box per node, edges along the tensors", () => {
    const graph = graphOf('model m(input [6]) {\n  dense 4 relu\n  residual {\n    dense 4\n  }\n  dense 3\n}\n');
    const model = decodeModel(exportOnnx(graph, randomWeights(graph)));
    const d = onnxDiagram(model, 'm');
    assert.equal(d.nodes[0]!.shapeLabel, '[batch, 6]');
    assert.equal(d.nodes.length, 1 + model.graph.node.filter((n) => n.opType !== 'Constant').length);
    const add = d.nodes.find((n) => n.label === 'Add' && d.edges.filter((e) => e.to === n.id).length === 2);
    assert.ok(add, 'the residual add reads two tensors from two nodes');
    assert.equal(
      d.nodes.reduce((a, n) => a + n.params, 0),
      6 * 4 + 4 + 4 * 4 + 4 + 4 * 3 + 3,
    );
  });

  it('lists nodes outside the standard operators, or in another domain, by name; leaves Constant out of the drawing', () => {
    const model: OnnxModel = {
      irVersion: 8,
      opsetImport: [
        { domain: '', version: 17 },
        { domain: 'com.example', version: 1 },
      ],
      producerName: 'hand',
      producerVersion: '',
      graph: {
        name: 'g',
        node: [
          { name: 'k', opType: 'Constant', input: [], output: ['c'] },
          { name: 'mul', opType: 'Mul', input: ['x', 'c'], output: ['y'] },
          { name: 'fancy', opType: 'FancyOp', input: ['y'], output: ['z'], domain: 'com.example' },
          { name: 'typo', opType: 'Relux', input: ['z'], output: ['w'] },
        ],
        initializer: [{ name: 'unused', dims: [3], dataType: DTYPE.INT64, int64Data: [1, 2, 3] }],
        input: [tensor('x', [{ dimParam: 'n' }, { dimValue: 2 }])],
        output: [tensor('w', [{ dimParam: 'n' }, { dimValue: 2 }])],
      },
    };
    const shown = onnxShow('/x/hand.onnx', encodeModel(model));
    assert.equal(shown.file, 'hand.onnx');
    assert.deepEqual(shown.summary!.unknownNodes, [
      { name: 'fancy', opType: 'FancyOp', domain: 'com.example' },
      { name: 'typo', opType: 'Relux', domain: '' },
    ]);
    assert.equal(shown.summary!.params, 0, 'int64 initializers are not parameters');
    assert.equal(shown.summary!.paramBytes, 24);
    assert.deepEqual(
      shown.diagram!.nodes.map((n) => n.label),
      ['x', 'Mul', 'FancyOp', 'Relux'],
    );
    assert.equal(shown.diagram!.nodes[1]!.shapeLabel, 'y', 'a tensor without a shape is named');
  });

  it('says when a file is not an ONNX model', () => {
    const shown = onnxShow('/x/bad.onnx', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
    assert.equal(shown.summary, null);
    assert.equal(shown.diagram, null);
    assert.match(shown.problem ?? '', /^Not a readable ONNX model/);
  });
});
