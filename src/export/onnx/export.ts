// Graph IR + trained weights -> an ONNX model (opset 17): a symbolic batch dimension, every
// parameter (batchnorm's running statistics included) as an initializer under its own name
// (`dense_1.weight`), node names from the experiment's layers (`conv2d_1.conv`). Each op is one
// entry of ONNX_OPS (ops.ts); a node without one stops the export with an error naming its layer.
import type { Graph, GraphNode, LayerInfo, OpKind } from '../../graph/ir';
import type { NamedTensors } from '../../engine/train/types';
import { OnnxGraphBuilder } from './builder';
import { ONNX_OPS, type OpContext, type OpExport } from './ops';
import { DTYPE, encodeModel, type OnnxDim, type OnnxModel, type OnnxValueInfo } from './proto';
import { sequenceAxes } from './sequence';

export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;
export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'output';
export const BATCH_DIM = 'batch';
/** A sequence model's length, where every layer takes any length (sequence.ts). */
export const SEQUENCE_DIM = 'sequence';

export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
}

export interface ExportOptions {
  readonly producerVersion?: string;
  readonly docString?: string;
  /** Entries that extend or replace ONNX_OPS (the int8 export's fake_quant: qdq.ts). */
  readonly ops?: Partial<Record<OpKind, OpExport>>;
}

export function exportOnnx(graph: Graph, weights: NamedTensors, opts: ExportOptions = {}): Uint8Array {
  return encodeModel(onnxModel(graph, weights, opts));
}

/** The model as protobufjs objects (tests and the summary read it without a round trip). */
export function onnxModel(graph: Graph, weights: NamedTensors, opts: ExportOptions = {}): OnnxModel {
  const b = new OnnxGraphBuilder();
  b.unique(INPUT_NAME);
  addInitializers(graph, weights, b);
  const values = emitNodes(graph, b, opts.ops ? { ...ONNX_OPS, ...opts.ops } : ONNX_OPS);
  let out = values.get(graph.output)!;
  // The graph's output is always called `output`: the last node's value renamed, or an Identity
  // when the model computes nothing (its output is the input or a parameter).
  if (b.nodes.some((n) => n.output.includes(out))) b.rename(out, OUTPUT_NAME);
  else b.nodes.push({ name: b.unique('output.identity'), opType: 'Identity', input: [out], output: [OUTPUT_NAME] });
  out = OUTPUT_NAME;
  const seq = sequenceAxes(graph);
  // Token ids are int64, as ONNX's Gather and every runtime's input_ids take them.
  const inputType = graph.inputKind === 'tokens' ? DTYPE.INT64 : DTYPE.FLOAT;
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'model-lab',
    producerVersion: opts.producerVersion ?? '0',
    ...(opts.docString ? { docString: opts.docString } : {}),
    graph: {
      name: graph.name,
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo(INPUT_NAME, graph.inputShape, seq?.axes.get(graph.input), inputType)],
      output: [valueInfo(out, graph.nodes[graph.output]!.shape, seq?.axes.get(graph.output), DTYPE.FLOAT)],
    },
  };
}

/** `seq`: the axes that follow the sequence length, `sequence` at offset 0 and unnamed (any) past a prepended token. */
function valueInfo(
  name: string,
  sampleShape: readonly number[],
  seq: ReadonlyMap<number, number> | undefined,
  elemType: number,
): OnnxValueInfo {
  const dimOf = (d: number, i: number): OnnxDim => {
    const offset = seq?.get(i);
    return offset === undefined ? { dimValue: d } : offset === 0 ? { dimParam: SEQUENCE_DIM } : {};
  };
  const dim = [{ dimParam: BATCH_DIM }, ...sampleShape.map(dimOf)];
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function addInitializers(graph: Graph, weights: NamedTensors, b: OnnxGraphBuilder): void {
  for (const n of graph.nodes) {
    if (n.op.kind !== 'param') continue;
    const t = weights.get(n.op.name);
    if (!t) throw new OnnxExportError(`the weights have no tensor '${n.op.name}' (${where(graph, n)})`);
    const size = n.shape.reduce((a, d) => a * d, 1);
    if (t.data.length !== size)
      throw new OnnxExportError(`tensor '${n.op.name}' has ${t.data.length} values, the model needs ${size} (${where(graph, n)})`);
    b.floatInitializer(n.op.name, n.shape, t.data);
  }
}

/** Each IR node through its ONNX_OPS entry, in graph order; returns the ONNX value of every node. */
function emitNodes(graph: Graph, b: OnnxGraphBuilder, table: Partial<Record<OpKind, OpExport>>): Map<number, string> {
  const values = new Map<number, string>();
  const consumers = new Map<number, GraphNode[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const layerNames = layerPrefixes(graph.layers);
  for (const node of graph.nodes) {
    if (values.has(node.id)) continue; // computed by an earlier entry (a conv's bias)
    if (node.op.kind === 'input') values.set(node.id, INPUT_NAME);
    else if (node.op.kind === 'param') values.set(node.id, node.op.name);
    else {
      const entry = table[node.op.kind];
      if (!entry) throw new OnnxExportError(`${where(graph, node)}: ONNX export does not support the '${node.op.kind}' op yet`);
      const c: OpContext = {
        node,
        graph,
        b,
        input: (i) => values.get(node.inputs[i]!)!,
        name: (suffix) => `${layerNames[node.layer] ?? graph.name}.${suffix}`,
        soleConsumer: () => (consumers.get(node.id)?.length === 1 ? consumers.get(node.id)![0]! : null),
        alias: (id, value) => values.set(id, value),
      };
      values.set(node.id, entry(c));
    }
  }
  return values;
}

/** `dense_1`, `conv2d_2`...: the names build.ts gives each layer's parameters (kind, then count in order). */
export function layerPrefixes(layers: readonly LayerInfo[]): string[] {
  const counts = new Map<string, number>();
  return layers.map((l) => {
    const k = (counts.get(l.kind) ?? 0) + 1;
    counts.set(l.kind, k);
    return `${l.kind}_${k}`;
  });
}

/** `line 7: conv2d 32 kernel 3` — the layer a node belongs to, 1-based, as the editor shows it. */
function where(graph: Graph, node: GraphNode): string {
  const layer = graph.layers[node.layer];
  return layer ? `line ${layer.range.startLine + 1}: ${layer.label}` : `model ${graph.name}`;
}
