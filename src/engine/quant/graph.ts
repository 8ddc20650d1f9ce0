// The int8 simulation graph: the float graph with a fake_quant node (quantize-dequantize) wherever
// an int8 runtime would hold integers. Each dense and conv weight gets a per-output-channel
// symmetric int8 quantizer; each activation a dense or conv layer reads, and the model's output
// (its logits, before a softmax or sigmoid), gets a per-tensor asymmetric uint8 one. Biases,
// normalisation and pooling stay float, as onnxruntime's static quantization leaves them when
// bias quantization is off. Each quantizer's grid is a non-trainable parameter `NAME.quant`
// [2, C] (C scales, then C zero points) that the host writes (params.ts, calibrate.ts).

import type { Graph, GraphNode, LayerInfo, Op } from '../../graph/ir';

/** Signed int8 with the symmetric range [-127, 127] (scale = max|w| / 127, zero point 0). */
export const WEIGHT_RANGE = { qmin: -127, qmax: 127 } as const;
/** Unsigned uint8 [0, 255] with a zero point: onnxruntime's quantize_static default for activations. */
export const ACTIVATION_RANGE = { qmin: 0, qmax: 255 } as const;

export interface QuantPoint {
  /** The grid's parameter name (`dense_1.weight.quant`, `dense_1.input.quant`, `output.quant`). */
  readonly name: string;
  readonly kind: 'weight' | 'activation';
  /** The fake_quant node in the quantized graph. */
  readonly node: number;
  /** The float graph's node it quantizes (a weight parameter, or an activation). */
  readonly source: number;
  /** Weights: the parameter's name; activations: null. */
  readonly weight: string | null;
  /** Channels: a weight's output channels (its axis `axis`), 1 for an activation. */
  readonly channels: number;
  readonly axis: number;
}

export interface QuantGraph {
  readonly graph: Graph;
  readonly points: readonly QuantPoint[];
}

const WEIGHTED = new Set(['matmul', 'conv2d']);

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
  const newId = new Map<number, number>();
  const extra = new Map<number, number[]>(); // layer -> nodes added to it
  const push = (op: Op, inputs: number[], shape: readonly number[], layer: number, added = true): number => {
    const id = nodes.length;
    nodes.push({ id, op, inputs, shape, layer });
    if (added && layer >= 0) extra.set(layer, [...(extra.get(layer) ?? []), id]);
    return id;
  };
  // A quantizer of `source` (an old id) for a node of `layer`: its grid parameter, then the fake_quant.
  const quantizer = (source: number, name: string, kind: QuantPoint['kind'], axis: number, layer: number): number => {
    const known = points.find((p) => p.name === name); // a weight two layers share has one grid
    if (known) return known.node;
    const s = g.nodes[source]!;
    const channels = axis < 0 ? 1 : s.shape[axis]!;
    const range = kind === 'weight' ? WEIGHT_RANGE : ACTIVATION_RANGE;
    const qp = push(quantParam(name, channels), [], [2, channels], layer);
    const node = push({ kind: 'fake_quant', ...range, axis }, [newId.get(source)!, qp], s.shape, layer);
    points.push({ name, kind, node, source, weight: kind === 'weight' && s.op.kind === 'param' ? s.op.name : null, channels, axis });
    return node;
  };
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
      }
    }
    newId.set(n.id, push(n.op, inputs, n.shape, n.layer, false));
    if (n.id === outputQuantized) newId.set(n.id, quantizer(n.id, 'output.quant', 'activation', -1, n.layer));
  }
  const layers = g.layers.map((l): LayerInfo => ({ ...l, nodes: [...l.nodes.map((id) => newId.get(id)!), ...(extra.get(l.index) ?? [])] }));
  const graph: Graph = { ...g, nodes, input: newId.get(g.input)!, output: newId.get(g.output)!, layers };
  return { graph, points };
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
