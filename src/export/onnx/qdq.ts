// The int8 model as ONNX in QDQ form (opset 17): each weight quantizer (src/engine/quant/graph.ts)
// becomes an int8 initializer `W_quantized` with its per-axis scales and zero points read by a
// DequantizeLinear (the float weight is left out of the file); each activation quantizer a
// QuantizeLinear/DequantizeLinear pair with a uint8 zero point. The rest is the float export.
// onnxruntime folds the pairs into integer kernels where it can; its outputs are compared with
// the engine's simulation (verifyQdq).
import type { Graph } from '../../graph/ir';
import { gridIndex } from '../../engine/backends/cpu/quant';
import type { NamedTensors } from '../../engine/train/types';
import { attr, type OnnxGraphBuilder } from './builder';
import { onnxModel, OnnxExportError, type ExportOptions } from './export';
import type { OpContext } from './ops';
import { encodeModel, type OnnxModel } from './proto';
import { runOnnx } from './ort-node';
import { engineOutputs } from './verify';

/** TensorProto.DataType of the integer tensors (proto.ts's DTYPE names the float ones). */
const UINT8 = 2;
const INT8 = 3;

function intInitializer(b: OnnxGraphBuilder, name: string, dims: readonly number[], type: number, values: ArrayLike<number>): string {
  const unique = b.unique(name);
  const raw = type === INT8 ? new Uint8Array(Int8Array.from(values).buffer) : Uint8Array.from(values);
  b.initializers.push({ name: unique, dims: [...dims], dataType: type, rawData: raw });
  return unique;
}

/** The grid tensor `name` of the weights ([2, C]: C scales then C zero points). */
function gridOf(weights: NamedTensors, name: string): { scale: Float32Array; zp: Float32Array } {
  const t = weights.get(name);
  if (!t) throw new OnnxExportError(`the weights have no quantization grid '${name}'; quantize the model first`);
  const c = t.data.length / 2;
  return { scale: t.data.subarray(0, c), zp: t.data.subarray(c) };
}

function fakeQuantEntry(weights: NamedTensors) {
  return (c: OpContext): string => {
    const op = c.node.op;
    if (op.kind !== 'fake_quant') throw new Error(`the fake_quant entry got a ${op.kind} node`);
    const gridNode = c.graph.nodes[c.node.inputs[1]!]!;
    const source = c.graph.nodes[c.node.inputs[0]!]!;
    if (gridNode.op.kind !== 'param') throw new OnnxExportError('a quantizer without its grid parameter');
    const name = gridNode.op.name;
    const { scale, zp } = gridOf(weights, name);
    const scaleDims = op.axis < 0 ? [] : [scale.length];
    const s = c.b.floatInitializer(`${name}.scale`, scaleDims, scale);
    if (source.op.kind === 'param') {
      // A weight: stored as int8, dequantized per output channel.
      const w = weights.get(source.op.name)!;
      const inner = source.shape.slice(op.axis + 1).reduce((a, d) => a * d, 1);
      const q = w.data.map((v, i) => {
        const ch = Math.floor(i / inner) % scale.length;
        return Math.min(op.qmax, Math.max(op.qmin, gridIndex(v, scale[ch]!, zp[ch]!)));
      });
      // The zero points are all 0 (symmetric): left out, as DequantizeLinear's default.
      if (zp.some((z) => z !== 0)) throw new OnnxExportError(`${name}: a weight grid with a non-zero zero point`);
      const qw = intInitializer(c.b, `${source.op.name}_quantized`, source.shape, INT8, q);
      return c.b.node('DequantizeLinear', c.name(`${source.op.name.split('.').pop()}.dequantize`), [qw, s], [attr.int('axis', op.axis)]);
    }
    const z = intInitializer(c.b, `${name}.zero_point`, scaleDims, op.qmin < 0 ? INT8 : UINT8, zp);
    const base = name.replace(/\.quant$/, '');
    const q = c.b.node('QuantizeLinear', `${base}.quantize`, [c.input(0), s, z]);
    return c.b.node('DequantizeLinear', `${base}.dequantize`, [q, s, z]);
  };
}

/** The QDQ model of a quantized graph and its weights with grids (calibrate.ts). */
export function qdqModel(graph: Graph, weights: NamedTensors, opts: ExportOptions = {}): OnnxModel {
  if (!graph.nodes.some((n) => n.op.kind === 'fake_quant')) throw new OnnxExportError(`model ${graph.name} is not quantized`);
  const model = onnxModel(graph, weights, { ...opts, ops: { fake_quant: fakeQuantEntry(weights) } });
  // The float weights and the grids became int8 initializers and scales: drop what no node reads.
  const read = new Set(model.graph.node.flatMap((n) => n.input));
  model.graph.initializer = model.graph.initializer.filter((t) => read.has(t.name));
  return model;
}

export function exportQdq(graph: Graph, weights: NamedTensors, opts: ExportOptions = {}): Uint8Array {
  return encodeModel(qdqModel(graph, weights, opts));
}

export interface QdqVerification {
  readonly maxAbsDiff: number;
  /** One step of the output's grid: the output quantizer's scale. */
  readonly step: number;
  readonly samples: number;
  readonly ok: boolean;
}

/**
 * onnxruntime-web's outputs of the QDQ file against the engine's simulation on a batch. Both land
 * on the output quantizer's grid, so they agree or differ by whole steps: a value near a rounding
 * boundary (of the output, or of an activation before it) may round the other way when
 * onnxruntime sums in int32 or another order. The bound is one step of the output grid (its
 * scale), plus 1e-5 of float slack for the dequantized product's last bit.
 */
export async function verifyQdq(
  model: Uint8Array,
  graph: Graph,
  weights: NamedTensors,
  x: Float32Array,
  n: number,
): Promise<QdqVerification> {
  const [onnx, engine] = await Promise.all([runOnnx(model, x, n, graph.inputShape), engineOutputs(graph, weights, x, n)]);
  if (onnx.length !== engine.length) throw new Error(`onnxruntime gave ${onnx.length} output values, the engine ${engine.length}`);
  let maxAbsDiff = 0;
  for (let i = 0; i < onnx.length; i++) {
    const d = Math.abs(onnx[i]! - engine[i]!);
    maxAbsDiff = Number.isFinite(d) ? Math.max(maxAbsDiff, d) : Infinity;
  }
  const step = outputStep(weights);
  return { maxAbsDiff, step, samples: n, ok: maxAbsDiff <= step + 1e-5 };
}

/** The output grid's scale (the model's `output.quant`). */
export function outputStep(weights: NamedTensors): number {
  return gridOf(weights, 'output.quant').scale[0]!;
}
