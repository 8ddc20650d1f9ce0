// The symbolic sequence length of a sequence model's export: which axes of every node's
// per-sample shape are the input's length T (plus an offset: a prepended cls token makes T + 1),
// traced op by op from the input. The length stays symbolic (`sequence`) only when every op that
// sees it works for any length; a flatten, a normalisation over positions or any op not listed
// here makes it fixed, and the export keeps T as a number. A positional table of M rows bounds it:
// the length may vary up to M (minus the offset where the table is added), never past it.
import type { Graph, GraphNode } from '../../graph/ir';

/** Axis -> offset: axis a of the node's shape is T + offset. */
type Axes = ReadonlyMap<number, number>;

export interface SequenceAxes {
  /** Per node id: its axes that follow the length (absent: none). */
  readonly axes: ReadonlyMap<number, Axes>;
  /** The longest length the model takes (a positional table's rows); null: any. */
  readonly max: number | null;
}

const NONE: Axes = new Map();
/** Ops that keep every axis of their first input, wherever the length is (softmax over positions included). */
const ELEMENTWISE = new Set(['activation', 'dropout', 'softmax']);
/** Ops that keep every axis of their first input, provided the length is not on the last axis (their features). */
const SAME = new Set(['layernorm', 'matmul', 'bias_add', 'recurrent', 'positional']);
const SEQUENCE_OPS = new Set(['embedding', 'positional', 'attn_scores', 'attn_apply', 'seq_pool', 'prepend', 'recurrent', 'last_state']);

/** Whether `graph` reads a sequence: tokens, or [T, F] values into sequence layers. */
export function isSequenceModel(graph: Graph): boolean {
  return graph.inputKind === 'tokens' || (graph.inputShape.length === 2 && graph.nodes.some((n) => SEQUENCE_OPS.has(n.op.kind)));
}

/** The length's axes in every node, or null when the model is not a sequence model or its length is fixed. */
export function sequenceAxes(graph: Graph): SequenceAxes | null {
  if (!isSequenceModel(graph)) return null;
  const axes = new Map<number, Axes>();
  let max: number | null = null;
  for (const node of graph.nodes) {
    const seen = node.inputs.map((i) => axes.get(i) ?? NONE);
    const out = node.op.kind === 'input' ? new Map([[0, 0]]) : seen.every((a) => a.size === 0) ? NONE : follow(graph, node, seen);
    if (out === null) return null;
    if (node.op.kind === 'positional') {
      const rows = graph.nodes[node.inputs[1]!]!.shape[0]!;
      const room = rows - seen[0]!.get(0)!;
      max = max === null ? room : Math.min(max, room);
    }
    if (out.size) axes.set(node.id, out);
  }
  return { axes, max };
}

/** The output axes of a node whose inputs carry the length, or null when the op fixes it. */
function follow(graph: Graph, node: GraphNode, seen: readonly Axes[]): Axes | null {
  const [x, ...rest] = seen as [Axes, ...Axes[]];
  const rank = graph.nodes[node.inputs[0]!]!.shape.length;
  const onLast = x.has(rank - 1);
  const kind = node.op.kind;
  if (ELEMENTWISE.has(kind)) return x;
  if (SAME.has(kind)) {
    // The extra inputs are parameters, or the token ids of a mask (which follow the input).
    if (onLast || (kind === 'bias_add' && x.has(node.op.axis))) return null;
    if (kind === 'matmul' && rest[0]!.size) return null;
    return x;
  }
  switch (kind) {
    case 'embedding': // ids [T] -> rows [T, D]
      return x.has(0) ? x : null;
    case 'attn_apply': // probs [H, T, T] and qkv [T, 3D] -> [T, D]
      return rest[0]!.has(0) ? new Map([[0, rest[0]!.get(0)!]]) : null;
    case 'add':
      return sameAxes(x, rest[0]!) ? x : null;
    case 'attn_scores':
      return x.has(0)
        ? new Map([
            [1, x.get(0)!],
            [2, x.get(0)!],
          ])
        : null;
    case 'prepend':
      return x.has(0) ? new Map([[0, x.get(0)! + 1]]) : null;
    case 'seq_pool':
    case 'last_state':
      return x.has(0) && x.size === 1 ? NONE : null;
    default:
      return null; // reshape, batchnorm, conv...: the length is fixed
  }
}

function sameAxes(a: Axes, b: Axes): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** The same model at length `t`: every axis that follows the length resized (the engine's reference for a shorter check). */
export function withSequenceLength(graph: Graph, seq: SequenceAxes, t: number): Graph {
  const T = graph.inputShape[0]!;
  const resized = (n: GraphNode) => {
    const a = seq.axes.get(n.id);
    return a ? n.shape.map((d, i) => (a.has(i) ? t + a.get(i)! : d)) : n.shape;
  };
  if (seq.max !== null && t > seq.max) throw new Error(`length ${t} is past the model's longest, ${seq.max}`);
  if (t === T) return graph;
  const nodes = graph.nodes.map((n) => ({ ...n, shape: resized(n) }));
  return { ...graph, nodes, inputShape: nodes[graph.input]!.shape };
}
