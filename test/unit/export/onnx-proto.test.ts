// The descriptor the exporter loads is the one generated from the vendored onnx.proto
// (scripts/onnx-proto-json.ts); a round trip through protobufjs keeps every field we write.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel, DTYPE, encodeModel, type OnnxModel } from '../../../src/export/onnx/proto';
import { descriptorFromProto } from '../../../src/export/onnx/proto-source';

const DIR = join(__dirname, '..', '..', '..', 'src', 'export', 'onnx', 'proto');

describe('ONNX protobuf schema', () => {
  it('onnx.proto.json is generated from onnx.proto (run scripts/onnx-proto-json.ts after changing it)', () => {
    const stored = JSON.parse(readFileSync(join(DIR, 'onnx.proto.json'), 'utf8'));
    assert.deepEqual(stored, JSON.parse(JSON.stringify(descriptorFromProto(join(DIR, 'onnx.proto')))));
  });

  it('round-trips a model with int64 attributes, raw tensor data and symbolic dimensions', () => {
    const model: OnnxModel = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'model-lab',
      producerVersion: '1',
      graph: {
        name: 'g',
        node: [{ name: 'n', opType: 'Flatten', input: ['x'], output: ['y'], attribute: [{ name: 'axis', type: 2, i: 1 }] }],
        initializer: [{ name: 'w', dims: [2], dataType: DTYPE.FLOAT, rawData: new Uint8Array(new Float32Array([1.5, -2]).buffer) }],
        input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } } }],
        output: [{ name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } } }],
      },
    };
    const back = decodeModel(encodeModel(model));
    assert.equal(back.irVersion, 8);
    assert.equal(back.graph.node[0]!.attribute![0]!.i, 1);
    assert.deepEqual(back.graph.input[0]!.type.tensorType.shape.dim, [{ dimParam: 'batch' }, { dimValue: 3 }]);
    const raw = back.graph.initializer[0]!.rawData!;
    assert.deepEqual([...new Float32Array(new Uint8Array(raw).buffer)], [1.5, -2]);
  });
});
