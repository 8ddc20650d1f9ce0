// Gradient rules of the sequence ops (rules.ts spreads them): embedding, positional table,
// attention scores and their application to the values. The attention of a layer is
// in_proj (matmul) -> attn_scores -> [dropout] -> attn_apply -> out_proj; qkv's gradient gets
// its q and k parts from attn_scores and its v part from attn_apply (the reverse pass adds them).

import type { SequenceOp, Shape } from '../../graph/ir';
import type { OpCtx, OpRule } from './types';

const size = (s: Shape): number => s.reduce((a, b) => a * b, 1);

function heads(c: OpCtx): number {
  const o = c.node.op;
  if (o.kind !== 'attn_scores' && o.kind !== 'attn_apply') throw new Error(`attention rule got ${o.kind}`);
  return o.heads;
}

/** t, d, h of an attention op from its qkv input [t, 3d]. */
function geometry(c: OpCtx, qkvInput: number) {
  const [t, d3] = c.shapeOf(qkvInput) as [number, number];
  const d = d3 / 3,
    h = heads(c);
  return { t, d, h, scale: 1 / Math.sqrt(d / h) };
}

export const SEQUENCE_RULES: Readonly<Record<Exclude<SequenceOp['kind'], 'seq_pool' | 'prepend'>, OpRule>> = {
  // y = w[ids];  dw = scatter-add of dy by id (pad row zero); ids get no gradient
  embedding: {
    forward(c) {
      const [v, d] = c.shapeOf(1) as [number, number];
      c.emit('embed_fwd', [c.x(0), c.x(1), c.y()], { t: c.shapeOf(0)[0]!, d, v });
    },
    backward(c) {
      if (!c.needs(1) || c.node.op.kind !== 'embedding') return;
      const [v, d] = c.shapeOf(1) as [number, number];
      c.emit('embed_bwd', [c.x(0), c.dy(), c.gradInto(1)], { t: c.shapeOf(0)[0]!, d, v, pad: c.node.op.pad });
    },
  },

  // y = x + table[:T];  dx = dy;  dtable = sum over samples of dy (zeros past T)
  positional: {
    forward(c) {
      c.emit('bias_add', [c.x(0), c.x(1), c.y()], { outer: 1, c: size(c.node.shape), inner: 1 });
    },
    backward(c) {
      if (c.needs(0)) c.pass(0, c.dy());
      if (c.needs(1)) c.emit('pos_grad', [c.dy(), c.gradInto(1)], { len: size(c.node.shape), total: size(c.shapeOf(1)) });
    },
  },

  // p = masked softmax(q k^T * scale);  ds = p (dp - rowsum(dp p));  dq = ds k s, dk = ds^T q s
  attn_scores: {
    forward(c) {
      const o = c.node.op;
      const masked = c.node.inputs.length > 1;
      if (o.kind !== 'attn_scores') throw new Error(`attention rule got ${o.kind}`);
      const g = geometry(c, 0);
      const mask = masked ? { masked: 1, ...(o.shift ? { shift: o.shift } : {}) } : {};
      c.emit('attn_scores_fwd', [c.x(0), masked ? c.x(1) : c.x(0), c.y()], { ...g, causal: o.causal ? 1 : 0, ...mask });
    },
    backward(c) {
      if (!c.needs(0)) return;
      const g = geometry(c, 0),
        len = size(c.node.shape);
      const ds = c.temp(len, true);
      c.emit('softmax_bwd', [c.y(), c.dy(), ds], { d: g.t, len });
      c.emit('attn_scores_bwd', [c.x(0), ds, c.gradInto(0)], g);
    },
  },

  // y = p v;  dp = dy v^T;  dv = p^T dy
  attn_apply: {
    forward(c) {
      const { t, d, h } = geometry(c, 1);
      c.emit('attn_apply_fwd', [c.x(0), c.x(1), c.y()], { t, d, h });
    },
    backward(c) {
      const { t, d, h } = geometry(c, 1);
      if (c.needs(0)) c.emit('attn_apply_bwd_p', [c.dy(), c.x(1), c.gradInto(0)], { t, d, h });
      if (c.needs(1)) c.emit('attn_apply_bwd_v', [c.x(0), c.dy(), c.gradInto(1)], { t, d, h });
    },
  },
};
