// The int8 model as ONNX in QDQ form (opset 17), in the shape onnxruntime fuses into integer
// kernels (QGemm, QLinearConv: see qdqEntries): each weight quantizer (src/engine/quant/graph.ts)
// becomes an int8 initializer `W_quantized` with its per-axis scales and zero points read by a
// DequantizeLinear (the float weight is left out of the file); each bias an int32 one; each
// activation quantizer a QuantizeLinear/DequantizeLinear pair with a uint8 zero point. The rest is
// the float export. Its outputs are compared with the engine's simulation (verifyQdq).
import type { Graph, GraphNode, OpKind } from '../../graph/ir';
import { gridIndex } from '../../engine/backends/cpu/quant';
import { BIAS_RANGE } from '../../engine/quant/graph';
import type { NamedTensors } from '../../engine/train/types';
import { attr, type OnnxGraphBuilder } from './builder';
import { onnxModel, OnnxExportError, type ExportOptions } from './export';
import { ONNX_OPS, type OpContext, type OpExport } from './ops';
import { encodeModel, type OnnxModel } from './proto';
import { runOnnx } from './ort-node';
import { engineOutputs } from './verify';

/** TensorProto.DataType of the integer tensors (proto.ts's DTYPE names the float ones). */
const UINT8 = 2;
const INT8 = 3;
const INT32 = 6;

function intInitializer(b: OnnxGraphBuilder, name: string, dims: readonly number[], type: number, values: ArrayLike<number>): string {
  const unique = b.unique(name);
  const raw =
    type === INT8
      ? new Uint8Array(Int8Array.from(values).buffer)
      : type === INT32
        ? new Uint8Array(Int32Array.from(values).buffer) // little-endian, as TensorProto's raw_data
        : Uint8Array.from(values);
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

/** The grid parameter's name of a fake_quant node. */
function gridName(graph: Graph, fq: GraphNode): string {
  const grid = graph.nodes[fq.inputs[1]!]!;
  if (fq.op.kind !== 'fake_quant' || grid.op.kind !== 'param') throw new OnnxExportError('a quantizer without its grid parameter');
  return grid.op.name;
}

/**
 * The QDQ entries. Each grid's scale (and zero point) is one initializer, however many nodes read
 * it. A weight is an int8 initializer with explicit int8 zero points (0): onnxruntime fuses a Gemm
 * into QGemm only when its weight's DequantizeLinear has them. A bias is int32; its scale, the
 * input scale × the weight scale, is a Mul of the two (folded to a constant by onnxruntime before
 * it fuses), not a third copy of those numbers. A dense layer on [batch, features] with its bias is
 * one Gemm, as onnxruntime's QGemm fusion expects; a conv with its bias one Conv (QLinearConv).
 */
class QdqWriter {
  private readonly scales = new Map<string, { scale: string; zp: string | null }>();

  constructor(private readonly weights: NamedTensors) {}

  /** The scale and zero-point values of a quantizer's grid, made on first use. */
  private gridValues(c: OpContext, fq: GraphNode): { name: string; scale: string; zp: string | null } {
    const name = gridName(c.graph, fq);
    const known = this.scales.get(name);
    if (known) return { name, ...known };
    const op = fq.op as Extract<GraphNode['op'], { kind: 'fake_quant' }>;
    const { scale, zp } = gridOf(this.weights, name);
    const dims = op.axis < 0 ? [] : [scale.length];
    let entry: { scale: string; zp: string | null };
    if (op.qmin === BIAS_RANGE.qmin) entry = { scale: this.biasScale(c, fq, scale), zp: null };
    else {
      if (op.qmin < 0 && zp.some((z) => z !== 0)) throw new OnnxExportError(`${name}: a weight grid with a non-zero zero point`);
      const s = c.b.floatInitializer(`${name}.scale`, dims, scale);
      entry = { scale: s, zp: intInitializer(c.b, `${name}.zero_point`, dims, op.qmin < 0 ? INT8 : UINT8, zp) };
    }
    this.scales.set(name, entry);
    return { name, ...entry };
  }

  /** A bias's scale: the Mul of its layer's input and weight scales, which its grid must hold. */
  private biasScale(c: OpContext, fq: GraphNode, grid: Float32Array): string {
    const add = c.graph.nodes.find((n) => n.op.kind === 'bias_add' && n.inputs[1] === fq.id);
    const layer = add && c.graph.nodes[add.inputs[0]!]!;
    const [x, w] = (layer?.inputs ?? []).slice(0, 2).map((i) => c.graph.nodes[i]!);
    if (x?.op.kind !== 'fake_quant' || w?.op.kind !== 'fake_quant') throw new OnnxExportError('a quantized bias outside a quantized layer');
    const [sx, sw] = [gridOf(this.weights, gridName(c.graph, x)).scale, gridOf(this.weights, gridName(c.graph, w)).scale];
    if (grid.some((v, ch) => v !== Math.fround(sx[0]! * sw[sw.length === 1 ? 0 : ch]!)))
      throw new OnnxExportError(`${gridName(c.graph, fq)}: the bias grid is not the input scale × the weight scale`);
    const [a, b] = [this.gridValues(c, x).scale, this.gridValues(c, w).scale];
    return c.b.node('Mul', `${gridName(c.graph, fq)}.scale`, [a, b]);
  }

  /** A parameter through its quantizer: stored as integers, dequantized per output channel. */
  private paramQuant(c: OpContext, fq: GraphNode): string {
    const op = fq.op as Extract<GraphNode['op'], { kind: 'fake_quant' }>;
    const source = c.graph.nodes[fq.inputs[0]!]!;
    if (source.op.kind !== 'param') throw new Error('paramQuant on an activation');
    const g = this.gridValues(c, fq);
    const { scale, zp } = gridOf(this.weights, g.name);
    const w = this.weights.get(source.op.name)!;
    const inner = source.shape.slice(op.axis + 1).reduce((a, d) => a * d, 1);
    const q = w.data.map((v, i) => {
      const ch = Math.floor(i / inner) % scale.length;
      return Math.min(op.qmax, Math.max(op.qmin, gridIndex(v, scale[ch]!, zp[ch]!)));
    });
    const type = op.qmin === BIAS_RANGE.qmin ? INT32 : INT8;
    const qw = intInitializer(c.b, `${source.op.name}_quantized`, source.shape, type, q);
    const inputs = [qw, g.scale, ...(g.zp ? [g.zp] : [])];
    return c.b.node('DequantizeLinear', c.name(`${source.op.name.split('.').pop()}.dequantize`), inputs, [attr.int('axis', op.axis)]);
  }

  /** The quantized bias a weighted node's sole bias_add reads, emitted now (before the node that adds it). */
  private fusedBias(c: OpContext): { add: GraphNode; value: string } | null {
    const add = c.soleConsumer();
    const fq = add?.op.kind === 'bias_add' ? c.graph.nodes[add.inputs[1]!]! : null;
    if (!add || fq?.op.kind !== 'fake_quant' || c.graph.nodes[fq.inputs[0]!]!.op.kind !== 'param') return null;
    const value = this.paramQuant(c, fq);
    c.alias(fq.id, value);
    return { add, value };
  }

  entries(): Partial<Record<OpKind, OpExport>> {
    return {
      fake_quant: (c) => {
        if (c.graph.nodes[c.node.inputs[0]!]!.op.kind === 'param') return this.paramQuant(c, c.node);
        const g = this.gridValues(c, c.node);
        const base = g.name.replace(/\.quant$/, '');
        const q = c.b.node('QuantizeLinear', `${base}.quantize`, [c.input(0), g.scale, g.zp!]);
        return c.b.node('DequantizeLinear', `${base}.dequantize`, [q, g.scale, g.zp!]);
      },
      matmul: (c) => {
        const op = c.node.op as Extract<GraphNode['op'], { kind: 'matmul' }>;
        const flat = c.graph.nodes[c.node.inputs[0]!]!.shape.length === 1;
        const bias = flat && c.graph.nodes[c.node.inputs[1]!]!.op.kind === 'fake_quant' ? this.fusedBias(c) : null;
        if (!bias) return ONNX_OPS.matmul!(c);
        const out = c.b.node('Gemm', c.name('gemm'), [c.input(0), c.input(1), bias.value], [attr.int('transB', op.transposeB ? 1 : 0)]);
        c.alias(bias.add.id, out);
        return out;
      },
      conv2d: (c) => {
        const bias = c.graph.nodes[c.node.inputs[1]!]!.op.kind === 'fake_quant' ? this.fusedBias(c) : null;
        // The float entry without its bias (soleConsumer hidden), then the int32 bias as its third input.
        const out = ONNX_OPS.conv2d!(bias ? { ...c, soleConsumer: () => null } : c);
        if (bias) {
          c.b.nodes.find((n) => n.output[0] === out)!.input.push(bias.value);
          c.alias(bias.add.id, out);
        }
        return out;
      },
    };
  }
}

/** The QDQ model of a quantized graph and its weights with grids (calibrate.ts). */
export function qdqModel(graph: Graph, weights: NamedTensors, opts: ExportOptions = {}): OnnxModel {
  if (!graph.nodes.some((n) => n.op.kind === 'fake_quant')) throw new OnnxExportError(`model ${graph.name} is not quantized`);
  const model = onnxModel(graph, weights, { ...opts, ops: new QdqWriter(weights).entries() });
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
  // A token model's file reads int64 ids, as the float export's (verify.ts).
  const tokens = graph.inputKind === 'tokens';
  const [onnx, engine] = await Promise.all([runOnnx(model, x, n, graph.inputShape, tokens), engineOutputs(graph, weights, x, n)]);
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
