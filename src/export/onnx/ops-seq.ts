// The sequence layers' entries of the ONNX op table (ops.ts spreads ONNX_SEQ_OPS in), issue #15's
// ops over per-sample [T, D] (ONNX [batch, T, D]). Token ids travel as f32 and are cast to
// int64 where they index. The engine's conventions kept: a query whose keys are all masked gets
// probabilities of zero (Where after the Softmax), a sample with no counted position pools to 0.
import type { Op } from '../../graph/ir';
import { attr } from './builder';
import type { OpContext, OpExport } from './ops';
import { ONNX_RNN_OPS } from './ops-rnn';

type SeqKind = 'embedding' | 'positional' | 'attn_scores' | 'attn_apply' | 'seq_pool' | 'prepend';

/** Large and finite, so a fully masked row's Softmax stays a number (Where zeroes it after). */
const MASKED = -1e9;

const shapeOf = (c: OpContext, i: number) => c.graph.nodes[c.node.inputs[i]!]!.shape;
const ints = (c: OpContext, what: string, v: number[]) => c.b.int64Initializer(c.name(what), v);
const scalar = (c: OpContext, what: string, v: number) => c.b.floatInitializer(c.name(what), [], Float32Array.of(v));

function slice(c: OpContext, x: string, axis: number, start: number, end: number): string {
  return c.b.node('Slice', c.name('slice'), [x, ints(c, 'starts', [start]), ints(c, 'ends', [end]), ints(c, 'axes', [axis])]);
}

/** Columns [part*D, (part+1)*D) of qkv [B, T, 3D] as heads: [B, H, T, dh] (transposed: [B, H, dh, T]). */
function heads(c: OpContext, qkv: string, part: number, H: number, transposed = false): string {
  const D = shapeOf(c, c.node.op.kind === 'attn_apply' ? 1 : 0)[1]! / 3;
  const cols = slice(c, qkv, 2, part * D, (part + 1) * D);
  const split = c.b.node('Reshape', c.name('split_heads'), [cols, ints(c, 'heads', [0, 0, H, D / H])]);
  return c.b.node('Transpose', c.name('heads'), [split], [attr.ints('perm', transposed ? [0, 2, 3, 1] : [0, 2, 1, 3])]);
}

/** Whether each token is padding (id 0), as a bool [B, T]. */
const isPad = (c: OpContext, ids: string) => c.b.node('Equal', c.name('is_pad'), [ids, scalar(c, 'pad_id', 0)]);

function attnScores(c: OpContext): string {
  const { heads: H, causal } = c.node.op as Extract<Op, { kind: 'attn_scores' }>;
  const [T, threeD] = shapeOf(c, 0) as [number, number];
  const qk = c.b.node('MatMul', c.name('qk'), [heads(c, c.input(0), 0, H), heads(c, c.input(0), 1, H, true)]);
  const s = c.b.node('Mul', c.name('scale'), [qk, scalar(c, 'inv_sqrt_dh', 1 / Math.sqrt(threeD / 3 / H))]);
  const masks: string[] = [];
  if (causal) {
    const future = new Float32Array(T * T).map((_, i) => (i % T > Math.floor(i / T) ? 1 : 0));
    const table = c.b.floatInitializer(c.name('causal'), [T, T], future);
    masks.push(c.b.node('Cast', c.name('causal_mask'), [table], [attr.int('to', 9)]));
  }
  if (c.node.inputs.length > 1) {
    // [B, T] -> [B, 1, 1, T]: keys that are padding, for every head and query.
    masks.push(c.b.node('Unsqueeze', c.name('key_pad'), [isPad(c, c.input(1)), ints(c, 'key_axes', [1, 2])]));
  }
  if (!masks.length) return c.b.node('Softmax', c.name('softmax'), [s], [attr.int('axis', -1)]);
  const off = masks.length === 1 ? masks[0]! : c.b.node('Or', c.name('mask'), masks);
  const kept = c.b.node('Where', c.name('masked'), [off, scalar(c, 'masked_value', MASKED), s]);
  const p = c.b.node('Softmax', c.name('softmax'), [kept], [attr.int('axis', -1)]);
  return c.b.node('Where', c.name('probs'), [off, scalar(c, 'zero', 0), p]);
}

function attnApply(c: OpContext): string {
  const { heads: H } = c.node.op as Extract<Op, { kind: 'attn_apply' }>;
  const D = shapeOf(c, 1)[1]! / 3;
  const y = c.b.node('MatMul', c.name('pv'), [c.input(0), heads(c, c.input(1), 2, H)]);
  const t = c.b.node('Transpose', c.name('merge'), [y], [attr.ints('perm', [0, 2, 1, 3])]);
  return c.b.node('Reshape', c.name('merge_heads'), [t, ints(c, 'merged', [0, 0, D])]);
}

/** 1 where a position counts, else 0: [B, T] (the first `shift` positions always count). */
function counted(c: OpContext, shift: number): string {
  const keep = c.b.node('Cast', c.name('counted'), [c.b.node('Not', c.name('not_pad'), [isPad(c, c.input(1))])], [attr.int('to', 1)]);
  if (!shift) return keep;
  return c.b.node('Pad', c.name('shift'), [keep, ints(c, 'pads', [0, shift, 0, 0]), scalar(c, 'one', 1)]);
}

/** Σ_t x[:, t, :] · w[:, t]: [B, D]. */
function weightedSum(c: OpContext, w: string): string {
  const w3 = c.b.node('Unsqueeze', c.name('weights'), [w, ints(c, 'feature_axis', [2])]);
  const xw = c.b.node('Mul', c.name('weigh'), [c.input(0), w3]);
  return c.b.node('ReduceSum', c.name('sum'), [xw, ints(c, 'time_axis', [1])], [attr.int('keepdims', 0)]);
}

function seqPool(c: OpContext): string {
  const { mode, masked, shift } = c.node.op as Extract<Op, { kind: 'seq_pool' }>;
  const T = shapeOf(c, 0)[0]!;
  const at = (t: number) => c.b.node('Squeeze', c.name('squeeze'), [slice(c, c.input(0), 1, t, t + 1), ints(c, 'time_axis', [1])]);
  if (mode === 'first' || (mode === 'last' && !masked)) return at(mode === 'first' ? 0 : T - 1);
  if (!masked) return c.b.node('ReduceMean', c.name('mean'), [c.input(0)], [attr.ints('axes', [1]), attr.int('keepdims', 0)]);
  const w = counted(c, shift);
  if (mode === 'mean') {
    const n = c.b.node('ReduceSum', c.name('count'), [w, ints(c, 'count_axis', [1])], [attr.int('keepdims', 1)]);
    const safe = c.b.node('Max', c.name('at_least_one'), [n, scalar(c, 'one', 1)]);
    return weightedSum(c, c.b.node('Div', c.name('mean_weights'), [w, safe]));
  }
  // last: one-hot of the last counted position (none: index -1, which matches no position).
  const ramp = c.b.floatInitializer(
    c.name('positions_1'),
    [T],
    Float32Array.from({ length: T }, (_, t) => t + 1),
  );
  const last1 = c.b.node(
    'ReduceMax',
    c.name('last'),
    [c.b.node('Mul', c.name('ranked'), [w, ramp])],
    [attr.ints('axes', [1]), attr.int('keepdims', 1)],
  );
  const hot = c.b.node('Cast', c.name('one_hot'), [c.b.node('Equal', c.name('is_last'), [ramp, last1])], [attr.int('to', 1)]);
  return weightedSum(c, hot);
}

/** c [D] at position 0 of every sample, then x: [B, T + 1, D]. */
function prepend(c: OpContext): string {
  const D = shapeOf(c, 0)[1]!;
  const batch = slice(c, c.b.node('Shape', c.name('shape'), [c.input(0)]), 0, 0, 1);
  const target = c.b.node('Concat', c.name('target'), [batch, ints(c, 'one_by_d', [1, D])], [attr.int('axis', 0)]);
  const token = c.b.node('Expand', c.name('expand'), [c.input(1), target]);
  return c.b.node('Concat', c.name('prepend'), [token, c.input(0)], [attr.int('axis', 1)]);
}

const SEQ: Record<SeqKind, OpExport> = {
  embedding: (c) => {
    // Ids clamped into the table as the engine's tokenRow does, then truncated (floor for ids >= 0).
    const V = shapeOf(c, 1)[0]!;
    const clipped = c.b.node('Clip', c.name('clip'), [c.input(0), scalar(c, 'min_id', 0), scalar(c, 'max_id', V - 1)]);
    const ids = c.b.node('Cast', c.name('ids'), [clipped], [attr.int('to', 7)]);
    return c.b.node('Gather', c.name('gather'), [c.input(1), ids], [attr.int('axis', 0)]);
  },
  positional: (c) => {
    const T = c.node.shape[0]!;
    return c.b.node('Add', c.name('add'), [c.input(0), slice(c, c.input(1), 0, 0, T)]);
  },
  attn_scores: attnScores,
  attn_apply: attnApply,
  seq_pool: seqPool,
  prepend,
};

export const ONNX_SEQ_OPS = { ...SEQ, ...ONNX_RNN_OPS };
