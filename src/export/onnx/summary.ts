// A .onnx file read into what a person wants to know about it: inputs and outputs with their
// shapes, the operators used (with counts), parameters (initializers) with their sizes, and the
// operators outside the standard domain or unknown to this project's exporter, by name. Reads
// models from any tool (PyTorch's torch.onnx.export included); the ONNX viewer renders this.
import { decodeModel, DTYPE, type OnnxDim, type OnnxValueInfo } from './proto';

export interface TensorSummary {
  readonly name: string;
  /** Dimensions: a number, or the symbolic name ('batch'), or '?' when the file leaves it open. */
  readonly shape: readonly (number | string)[];
  readonly elemType: number;
}

export interface InitializerSummary {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly count: number;
  readonly bytes: number;
}

export interface OnnxSummary {
  readonly graphName: string;
  readonly producer: string;
  readonly irVersion: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly inputs: readonly TensorSummary[];
  readonly outputs: readonly TensorSummary[];
  /** Operator type -> how many nodes use it, in first-use order. */
  readonly operators: ReadonlyMap<string, number>;
  readonly nodes: readonly { readonly name: string; readonly opType: string; readonly domain: string }[];
  readonly initializers: readonly InitializerSummary[];
  readonly params: number;
  readonly paramBytes: number;
  /** Nodes whose operator `known` does not list (or from another domain), by node name. */
  readonly unknownNodes: readonly string[];
}

const BYTES: Readonly<Record<number, number>> = {
  [DTYPE.FLOAT]: 4,
  [DTYPE.INT64]: 8,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  16: 2,
};

/** `known`: operator types a consumer understands (the viewer passes its own list); default: all standard-domain ones. */
export function summariseOnnx(bytes: Uint8Array, known?: ReadonlySet<string>): OnnxSummary {
  const m = decodeModel(bytes);
  const g = m.graph;
  const initNames = new Set((g.initializer ?? []).map((t) => t.name));
  const operators = new Map<string, number>();
  const nodes = (g.node ?? []).map((n, i) => ({ name: n.name || `${n.opType}_${i}`, opType: n.opType, domain: n.domain ?? '' }));
  for (const n of nodes) operators.set(n.opType, (operators.get(n.opType) ?? 0) + 1);
  const initializers = (g.initializer ?? []).map((t) => {
    const count = (t.dims ?? []).reduce((a, d) => a * d, 1);
    return { name: t.name, dims: t.dims ?? [], dataType: t.dataType, count, bytes: count * (BYTES[t.dataType] ?? 0) };
  });
  const floats = initializers.filter((t) => t.dataType === DTYPE.FLOAT);
  return {
    graphName: g.name ?? '',
    producer: [m.producerName, m.producerVersion].filter(Boolean).join(' '),
    irVersion: m.irVersion,
    opsets: (m.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: o.version })),
    // Older exporters list initializers among the inputs: those are parameters, not inputs.
    inputs: (g.input ?? []).filter((v) => !initNames.has(v.name)).map(tensorSummary),
    outputs: (g.output ?? []).map(tensorSummary),
    operators,
    nodes,
    initializers,
    params: floats.reduce((a, t) => a + t.count, 0),
    paramBytes: initializers.reduce((a, t) => a + t.bytes, 0),
    unknownNodes: nodes.filter((n) => (n.domain !== '' && n.domain !== 'ai.onnx') || (known && !known.has(n.opType))).map((n) => n.name),
  };
}

/** A tensor's dimensions: numbers, symbolic names ('batch'), '?' where the file leaves one open; undefined without a shape. */
export function valueDims(v: OnnxValueInfo): (number | string)[] | undefined {
  const shape = v.type?.tensorType?.shape;
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d: OnnxDim) => (d.dimValue !== undefined ? Number(d.dimValue) : d.dimParam || '?'));
}

function tensorSummary(v: OnnxValueInfo): TensorSummary {
  return { name: v.name, shape: valueDims(v) ?? [], elemType: v.type?.tensorType?.elemType ?? 0 };
}
