// The int8 simulation graph: the float graph with a fake_quant node (quantize-dequantize) wherever
// an int8 runtime would hold integers. Each dense and conv weight gets a per-output-channel
// symmetric int8 quantizer; each activation a dense or conv layer reads, and the model's output
// (its logits, before a softmax or sigmoid), gets a per-tensor asymmetric uint8 one. The bias of a
// quantized dense or conv layer is int32 on the grid of input scale × weight scale (per output
// channel, zero point 0): the integer kernels onnxruntime fuses the QDQ file into (QGemm,
// QLinearConv) add it to their int32 sums. An activation reached through max-pooling, flatten or
// dropout is quantized at the start of that chain too, with the same grid (exact: rounding is
// monotonic, so it commutes with max, and a grid value rounds to itself), so the layer before the
// chain ends in a quantizer and fuses as well. Normalisation and other pooling stay float. Each
// quantizer's grid is a non-trainable parameter `NAME.quant` [2, C] (C scales, then C zero
// points) that the host writes (params.ts, calibrate.ts).

import type { Graph, GraphNode, LayerInfo, Op } from '../../graph/ir';

/** Signed int8 with the symmetric range [-127, 127] (scale = max|w| / 127, zero point 0). */
export const WEIGHT_RANGE = { qmin: -127, qmax: 127 } as const;
/** Unsigned uint8 [0, 255] with a zero point: onnxruntime's quantize_static default for activations. */
export const ACTIVATION_RANGE = { qmin: 0, qmax: 255 } as const;
/** int32, zero point 0: a bias on the grid of its layer's input scale × weight scale. */
export const BIAS_RANGE = { qmin: -2147483648, qmax: 2147483647 } as const;

export interface QuantPoint {
  /** The grid's parameter name (`dense_1.weight.quant`, `dense_1.input.quant`, `output.quant`). */
  readonly name: string;
  readonly kind: 'weight' | 'activation' | 'bias';
  /** The fake_quant node in the quantized graph. */
  readonly node: number;
  /** The float graph's node it quantizes (a weight parameter, or an activation). */
  readonly source: number;
  /** Weights and biases: the parameter's name; activations: null. */
  readonly weight: string | null;
  /** Channels: a weight's output channels (its axis `axis`), a bias's length, 1 for an activation. */
  readonly channels: number;
  readonly axis: number;
  /** A bias: the grids (input, weight) whose scales multiply to its scale. */
  readonly product?: readonly [string, string];
}

export interface QuantGraph {
  readonly graph: Graph;
  readonly points: readonly QuantPoint[];
}

const WEIGHTED = new Set(['matmul', 'conv2d']);
/** Ops that commute with a quantizer (an activation's grid may move to before them). Dropout (an
 *  alias in the ONNX file) alone needs no second quantizer. */
const CHAIN = new Set(['maxpool2d', 'reshape', 'dropout']);

/** Where a weighted op's output channels lie in its weight: a conv's [O, C, kh, kw] axis 0, a dense
 *  weight's [K, N] axis 1 (stored [N, K] under transposeB: axis 0). */
function weightAxis(consumer: GraphNode): number {
  if (consumer.op.kind === 'conv2d') return 0;
  return consumer.op.kind === 'matmul' && consumer.op.transposeB ? 0 : 1;
}

/** The layer prefix of a weight (`dense_1` of `dense_1.weight`). */
const prefixOf = (weight: string) => weight.slice(0, weight.lastIndexOf('.'));

export function quantizeGraph(g: Graph): QuantGraph {
  if (g.nodes.some((n) => n.op.kind === 'fake_quant')) throw new Error(`model ${g.name} is already quantized`);
  const nodes: GraphNode[] = [];
  const points: QuantPoint[] = [];
  const grids = new Map<string, { param: number; input: number; node: number }>();
  const newId = new Map<number, number>();
  const extra = new Map<number, number[]>(); // layer -> nodes added to it
  const push = (op: Op, inputs: number[], shape: readonly number[], layer: number, added = true): number => {
    const id = nodes.length;
    nodes.push({ id, op, inputs, shape, layer });
    if (added && layer >= 0) extra.set(layer, [...(extra.get(layer) ?? []), id]);
    return id;
  };
  // A quantizer of `source` (an old id) read from `input` (a new id) for a node of `layer`: its
  // grid parameter, then the fake_quant. A grid met again on another input (an activation quantized
  // before and after a chain) gets a second fake_quant on the same parameter.
  const quantizer = (
    source: number,
    name: string,
    kind: QuantPoint['kind'],
    axis: number,
    layer: number,
    extraInfo: Partial<QuantPoint> = {},
    input = newId.get(source)!,
  ): number => {
    const range = kind === 'weight' ? WEIGHT_RANGE : kind === 'bias' ? BIAS_RANGE : ACTIVATION_RANGE;
    const s = g.nodes[source]!;
    const shape = nodes[input]!.shape;
    const known = grids.get(name); // a weight two layers share has one grid
    if (known) return known.input === input ? known.node : push({ kind: 'fake_quant', ...range, axis }, [input, known.param], shape, layer);
    const channels = axis < 0 ? 1 : s.shape[axis]!;
    const qp = push(quantParam(name, channels), [], [2, channels], layer);
    const node = push({ kind: 'fake_quant', ...range, axis }, [input, qp], shape, layer);
    grids.set(name, { param: qp, input, node });
    points.push({
      name,
      kind,
      node,
      source,
      weight: kind !== 'activation' && s.op.kind === 'param' ? s.op.name : null,
      channels,
      axis,
      ...extraInfo,
    });
    return node;
  };
  const early = chainStarts(g);
  const quantized = new Map<number, readonly [string, string]>(); // weighted node -> its input and weight grids
  const outputQuantized = outputSource(g);
  for (const n of g.nodes) {
    let inputs = n.inputs.map((i) => newId.get(i)!);
    if (WEIGHTED.has(n.op.kind)) {
      const w = g.nodes[n.inputs[1]!]!;
      if (w.op.kind === 'param') {
        const prefix = prefixOf(w.op.name);
        const xq = quantizer(n.inputs[0]!, `${prefix}.input.quant`, 'activation', -1, n.layer);
        const wq = quantizer(w.id, `${w.op.name}.quant`, 'weight', weightAxis(n), n.layer);
        inputs = [xq, wq, ...inputs.slice(2)];
        quantized.set(n.id, [`${prefix}.input.quant`, `${w.op.name}.quant`]);
      }
    }
    const pair = n.op.kind === 'bias_add' ? quantized.get(n.inputs[0]!) : undefined;
    const b = g.nodes[n.inputs[1] ?? -1];
    if (pair && b?.op.kind === 'param') inputs[1] = quantizer(b.id, `${b.op.name}.quant`, 'bias', 0, n.layer, { product: pair });
    newId.set(n.id, push(n.op, inputs, n.shape, n.layer, false));
    const e = early.get(n.id);
    if (e) newId.set(n.id, quantizer(e.source, e.name, 'activation', -1, n.layer, {}, newId.get(n.id)));
    if (n.id === outputQuantized) newId.set(n.id, quantizer(n.id, 'output.quant', 'activation', -1, n.layer));
  }
  const layers = g.layers.map((l): LayerInfo => ({ ...l, nodes: [...l.nodes.map((id) => newId.get(id)!), ...(extra.get(l.index) ?? [])] }));
  const graph: Graph = { ...g, nodes, input: newId.get(g.input)!, output: newId.get(g.output)!, layers };
  return { graph, points };
}

/** Where a quantized layer's input comes through a chain of CHAIN ops (each the sole reader of its
 *  input): the chain's first input, with the grid and the activation it quantizes. */
function chainStarts(g: Graph): Map<number, { name: string; source: number }> {
  const readers = new Map<number, number>();
  for (const n of g.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  const out = new Map<number, { name: string; source: number }>();
  for (const n of g.nodes) {
    const w = g.nodes[n.inputs[1] ?? -1];
    if (!WEIGHTED.has(n.op.kind) || w?.op.kind !== 'param') continue;
    const source = n.inputs[0]!;
    let at = source,
      moved = false;
    while (CHAIN.has(g.nodes[at]!.op.kind) && readers.get(g.nodes[at]!.inputs[0]!) === 1) {
      moved ||= g.nodes[at]!.op.kind !== 'dropout';
      at = g.nodes[at]!.inputs[0]!;
    }
    if (moved && g.nodes[at]!.op.kind !== 'input') out.set(at, { name: `${prefixOf(w.op.name)}.input.quant`, source });
  }
  return out;
}

/** The node whose value the output quantizer rounds: the output, or the logits under a final softmax or sigmoid. */
function outputSource(g: Graph): number {
  const out = g.nodes[g.output]!;
  const squashed = out.op.kind === 'softmax' || (out.op.kind === 'activation' && out.op.fn === 'sigmoid');
  return squashed ? out.inputs[0]! : out.id;
}

function quantParam(name: string, channels: number): Op {
  return { kind: 'param', name, init: { kind: 'zeros' }, fanIn: channels, fanOut: channels, trainable: false, decay: false };
}
