// The sequence layers' entries of the ONNX op table (ops.ts spreads ONNX_SEQ_OPS in), issue #15's
// ops over per-sample [T, D] (ONNX [batch, T, D]). Token ids come in as int64. Nothing bakes T in:
// the causal mask, the positional rows and the last position come from the input's own length
// (Shape), so an export with a symbolic `sequence` (sequence.ts) runs on any length it allows.
// The engine's conventions kept: a query whose keys are all masked gets probabilities of zero
// (Where after the Softmax), a sample with no counted position pools to 0.
import type { Op } from '../../graph/ir';
import { attr } from './builder';
import { DTYPE } from './proto';
import type { OpContext, OpExport } from './ops';
import { ONNX_RNN_OPS } from './ops-rnn';

type SeqKind = 'embedding' | 'positional' | 'attn_scores' | 'attn_apply' | 'seq_pool' | 'prepend';

/** Large and finite, so a fully masked row's Softmax stays a number (Where zeroes it after). */
const MASKED = -1e9;

const shapeOf = (c: OpContext, i: number) => c.graph.nodes[c.node.inputs[i]!]!.shape;
const ints = (c: OpContext, what: string, v: number[]) => c.b.int64Initializer(c.name(what), v);
const scalar = (c: OpContext, what: string, v: number) => c.b.floatInitializer(c.name(what), [], Float32Array.of(v));
const int64 = (c: OpContext, what: string, v: number) => c.b.int64Initializer(c.name(what), [v], []);
/** Slice's end for "to the last position". */
export const TO_END = Number.MAX_SAFE_INTEGER;

/** `end`: a number, or a 1-D int64 value (a length computed in the graph). */
function slice(c: OpContext, x: string, axis: number, start: number, end: number | string): string {
  const ends = typeof end === 'string' ? end : ints(c, 'ends', [end]);
  return c.b.node('Slice', c.name('slice'), [x, ints(c, 'starts', [start]), ends, ints(c, 'axes', [axis])]);
}

/** The number of positions (axis 1) of x [B, T, ...], as a 1-D int64 [1]. */
const lengthOf = (c: OpContext, x: string) => c.b.node('Shape', c.name('length'), [x], [attr.int('start', 1), attr.int('end', 2)]);
/** The same as a scalar. */
const lengthScalar = (c: OpContext, x: string) => c.b.node('Squeeze', c.name('length_scalar'), [lengthOf(c, x), ints(c, 'axis_0', [0])]);

/** Columns [part*D, (part+1)*D) of qkv [B, T, 3D] as heads: [B, H, T, dh] (transposed: [B, H, dh, T]). */
function heads(c: OpContext, qkv: string, part: number, H: number, transposed = false): string {
  const D = shapeOf(c, c.node.op.kind === 'attn_apply' ? 1 : 0)[1]! / 3;
  const cols = slice(c, qkv, 2, part * D, (part + 1) * D);
  const split = c.b.node('Reshape', c.name('split_heads'), [cols, ints(c, 'heads', [0, 0, H, D / H])]);
  return c.b.node('Transpose', c.name('heads'), [split], [attr.ints('perm', transposed ? [0, 2, 3, 1] : [0, 2, 1, 3])]);
}

/** Whether each token is padding (id 0), as a bool [B, T]. */
const isPad = (c: OpContext, ids: string) => c.b.node('Equal', c.name('is_pad'), [ids, int64(c, 'pad_id', 0)]);

/** The keys that are padding, bool [B, shift + ids]: `shift` prepended positions that never are, then the ids'. */
function keyPad(c: OpContext, shift: number): string {
  const pad = isPad(c, c.input(1));
  if (!shift) return pad;
  const f = c.b.node('Cast', c.name('pad_f'), [pad], [attr.int('to', DTYPE.FLOAT)]);
  const padded = c.b.node('Pad', c.name('pad_shift'), [f, ints(c, 'shift_pads', [0, shift, 0, 0]), scalar(c, 'not_pad', 0)]);
  return c.b.node('Cast', c.name('pad_b'), [padded], [attr.int('to', DTYPE.BOOL)]);
}

function attnScores(c: OpContext): string {
  const { heads: H, causal, shift } = c.node.op as Extract<Op, { kind: 'attn_scores' }>;
  const threeD = shapeOf(c, 0)[1]!;
  const qk = c.b.node('MatMul', c.name('qk'), [heads(c, c.input(0), 0, H), heads(c, c.input(0), 1, H, true)]);
  const s = c.b.node('Mul', c.name('scale'), [qk, scalar(c, 'inv_sqrt_dh', 1 / Math.sqrt(threeD / 3 / H))]);
  const masks: string[] = [];
  if (causal) {
    // [T, T]: key s > query t, from 0..T-1 of this input's length.
    const t = c.b.node('Range', c.name('positions'), [int64(c, 'zero_id', 0), lengthScalar(c, c.input(0)), int64(c, 'step', 1)]);
    const keys = c.b.node('Unsqueeze', c.name('keys'), [t, ints(c, 'row_axis', [0])]);
    const queries = c.b.node('Unsqueeze', c.name('queries'), [t, ints(c, 'column_axis', [1])]);
    masks.push(c.b.node('Greater', c.name('causal_mask'), [keys, queries]));
  }
  if (c.node.inputs.length > 1) {
    // [B, T] -> [B, 1, 1, T]: keys that are padding, for every head and query. The ids are
    // [B, T - shift] after a cls_token: the prepended keys are never padding.
    masks.push(c.b.node('Unsqueeze', c.name('key_pad'), [keyPad(c, shift), ints(c, 'key_axes', [1, 2])]));
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
  const at = (t: number) =>
    c.b.node('Squeeze', c.name('squeeze'), [slice(c, c.input(0), 1, t, t === -1 ? TO_END : t + 1), ints(c, 'time_axis', [1])]);
  if (mode === 'first' || (mode === 'last' && !masked)) return at(mode === 'first' ? 0 : -1);
  if (!masked) return c.b.node('ReduceMean', c.name('mean'), [c.input(0)], [attr.ints('axes', [1]), attr.int('keepdims', 0)]);
  const w = counted(c, shift);
  if (mode === 'mean') {
    const n = c.b.node('ReduceSum', c.name('count'), [w, ints(c, 'count_axis', [1])], [attr.int('keepdims', 1)]);
    const safe = c.b.node('Max', c.name('at_least_one'), [n, scalar(c, 'one', 1)]);
    return weightedSum(c, c.b.node('Div', c.name('mean_weights'), [w, safe]));
  }
  // last: one-hot of the last counted position (none: index -1, which matches no position).
  const one = scalar(c, 'one', 1);
  const T = c.b.node('Cast', c.name('length_f'), [lengthScalar(c, c.input(0))], [attr.int('to', 1)]);
  const ramp = c.b.node('Range', c.name('positions_1'), [one, c.b.node('Add', c.name('end'), [T, one]), one]);
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
    // Ids clamped into the table as the engine's tokenRow does.
    const V = shapeOf(c, 1)[0]!;
    const ids = c.b.node('Clip', c.name('clip'), [c.input(0), int64(c, 'min_id', 0), int64(c, 'max_id', V - 1)]);
    return c.b.node('Gather', c.name('gather'), [c.input(1), ids], [attr.int('axis', 0)]);
  },
  positional: (c) => {
    return c.b.node('Add', c.name('add'), [c.input(0), slice(c, c.input(1), 0, 0, lengthOf(c, c.input(0)))]);
  },
  attn_scores: attnScores,
  attn_apply: attnApply,
  seq_pool: seqPool,
  prepend,
};

export const ONNX_SEQ_OPS = { ...SEQ, ...ONNX_RNN_OPS };
