// What the ONNX viewer's host sends its page: a .onnx file's summary and diagram as wire data.
// Reading a file never runs it: the bytes are decoded, nothing is executed.
import { basename } from 'node:path';
import { onnxDiagram } from '../../export/onnx/diagram';
import { decodeModel } from '../../export/onnx/proto';
import { STANDARD_OPS } from '../../export/onnx/standard-ops';
import { summariseOnnx } from '../../export/onnx/summary';
import type { OnnxShow } from '../../protocol/onnx-viewer';

export function onnxShow(path: string, bytes: Uint8Array): OnnxShow {
  const file = basename(path);
  try {
    const s = summariseOnnx(bytes, STANDARD_OPS);
    const unknown = new Set(s.unknownNodes);
    const summary = {
      graphName: s.graphName,
      producer: s.producer,
      irVersion: s.irVersion,
      opsets: [...s.opsets],
      inputs: s.inputs.map((t) => ({ ...t, shape: [...t.shape] })),
      outputs: s.outputs.map((t) => ({ ...t, shape: [...t.shape] })),
      operators: [...s.operators].map(([opType, count]) => ({ opType, count })),
      initializers: s.initializers.map((t) => ({ ...t, dims: [...t.dims] })),
      params: s.params,
      paramBytes: s.paramBytes,
      unknownNodes: s.nodes.filter((n) => unknown.has(n.name)),
    };
    return { file, summary, diagram: onnxDiagram(decodeModel(bytes), s.graphName || file), problem: null };
  } catch (e) {
    return { file, summary: null, diagram: null, problem: `Not a readable ONNX model: ${e instanceof Error ? e.message : String(e)}` };
  }
}
