// One rule per primitive op: how to run it forward and how its inputs' gradients follow from
// its output's gradient, as calls of the kernel contract (kernels/contract.ts). The backward pass
// is derived from this table ahead of time by reverse.ts, which walks the graph in reverse and
// calls `backward`.

import type { GraphNode, OpKind, Shape } from '../../graph/ir';
import { ACT } from '../kernels/codes';
import { POOL_RULES } from './rules-pool';
import { QUANT_RULES } from './rules-quant';
import { SEQUENCE_RULES } from './rules-seq';
import { RECURRENT_RULES } from './rules-recurrent';
import type { OpCtx, OpRule } from './types';

function size(s: Shape, from = 0, to = s.length): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= s[i]!;
  return n;
}

type Op = OpCtx['node']['op'];

function op<K extends OpKind>(c: OpCtx, kind: K): Op & { kind: K } {
  if (c.node.op.kind !== kind) throw new Error(`rule for ${kind} got ${c.node.op.kind}`);
  return c.node.op as Op & { kind: K };
}

/** Geometry of a 2-d window op on x [C,H,W] producing [*, OH, OW]. */
function windowParams(c: OpCtx, k: readonly [number, number], s: readonly [number, number], pad: readonly number[]) {
  const [C, H, W] = c.shapeOf(0) as [number, number, number];
  const out = c.node.shape;
  return { c: C, h: H, w: W, kh: k[0], kw: k[1], sh: s[0], sw: s[1], pt: pad[0]!, pl: pad[1]!, oh: out[1]!, ow: out[2]! };
}

const nothing = (): void => {};

export const RULES: Readonly<Record<OpKind, OpRule>> = {
  ...POOL_RULES,
  input: { forward: nothing, backward: nothing },
  param: { forward: nothing, backward: nothing },

  // y = x W;  dx = dy W^T;  dW = x^T dy.  W stored [N, K] (transposeB): y = x W^T, dx = dy W, dW = dy^T x
  matmul: {
    forward(c) {
      const xs = c.shapeOf(0),
        K = xs[xs.length - 1]!,
        N = c.node.shape[c.node.shape.length - 1]!;
      const tb = op(c, 'matmul').transposeB ? 1 : 0;
      c.emit('gemm', [c.x(0), c.x(1), c.y()], { m: size(xs, 0, xs.length - 1), n: N, k: K, bm: 1, ...(tb ? { tb } : {}) });
    },
    backward(c) {
      const xs = c.shapeOf(0),
        K = xs[xs.length - 1]!,
        N = c.node.shape[c.node.shape.length - 1]!;
      const rows = size(xs, 0, xs.length - 1);
      if (op(c, 'matmul').transposeB) {
        if (c.needs(0)) c.emit('gemm', [c.dy(), c.x(1), c.gradInto(0)], { m: rows, n: K, k: N, bm: 1 });
        if (c.needs(1)) c.emit('gemm', [c.dy(), c.x(0), c.gradInto(1)], { m: N, n: K, k: rows, bk: 1, ta: 1 });
        return;
      }
      if (c.needs(0)) c.emit('gemm', [c.dy(), c.x(1), c.gradInto(0)], { m: rows, n: K, k: N, bm: 1, tb: 1 });
      if (c.needs(1)) c.emit('gemm', [c.x(0), c.dy(), c.gradInto(1)], { m: K, n: N, k: rows, bk: 1, ta: 1 });
    },
  },

  // y = x + b (broadcast along axis);  dx = dy;  db = sum(dy) over the other axes
  bias_add: {
    forward(c) {
      c.emit('bias_add', [c.x(0), c.x(1), c.y()], biasGeo(c));
    },
    backward(c) {
      if (c.needs(0)) c.pass(0, c.dy());
      if (c.needs(1)) c.emit('bias_grad', [c.dy(), c.gradInto(1)], biasGeo(c));
    },
  },

  conv2d: {
    forward(c) {
      const o = op(c, 'conv2d');
      c.emit('conv2d_fwd', [c.x(0), c.x(1), c.y()], { ...windowParams(c, o.kernel, o.stride, o.pad), o: c.node.shape[0]! });
    },
    backward(c) {
      const o = op(c, 'conv2d');
      const p = { ...windowParams(c, o.kernel, o.stride, o.pad), o: c.node.shape[0]! };
      if (c.needs(1)) c.emit('conv2d_bwd_filter', [c.x(0), c.dy(), c.gradInto(1)], p);
      if (c.needs(0)) c.emit('conv2d_bwd_data', [c.dy(), c.x(1), c.gradInto(0)], p);
    },
  },

  // dx routes dy to the argmax of each window
  maxpool2d: {
    forward(c) {
      const o = op(c, 'maxpool2d');
      const idx = c.saved('argmax', size(c.node.shape), true);
      c.emit('maxpool_fwd', [c.x(0), c.y(), idx], windowParams(c, o.kernel, o.stride, o.pad));
    },
    backward(c) {
      const o = op(c, 'maxpool2d');
      const idx = c.saved('argmax', size(c.node.shape), true);
      c.emit('maxpool_bwd', [c.dy(), idx, c.gradInto(0)], windowParams(c, o.kernel, o.stride, o.pad));
    },
  },

  // dx spreads dy / (kh kw) over each window
  avgpool2d: {
    forward(c) {
      const o = op(c, 'avgpool2d');
      c.emit('avgpool_fwd', [c.x(0), c.y()], windowParams(c, o.kernel, o.stride, o.pad));
    },
    backward(c) {
      const o = op(c, 'avgpool2d');
      c.emit('avgpool_bwd', [c.dy(), c.gradInto(0)], windowParams(c, o.kernel, o.stride, o.pad));
    },
  },

  global_avgpool: {
    forward(c) {
      const s = c.shapeOf(0);
      c.emit('gap_fwd', [c.x(0), c.y()], { c: s[0]!, hw: size(s, 1) });
    },
    backward(c) {
      const s = c.shapeOf(0);
      c.emit('gap_bwd', [c.dy(), c.gradInto(0)], { c: s[0]!, hw: size(s, 1) });
    },
  },

  // same data, new shape: no kernel either way
  reshape: {
    forward(c) {
      c.alias(c.x(0));
    },
    backward(c) {
      c.pass(0, c.dy());
    },
  },

  // y = x * mask, mask in {0, 1/(1-p)};  dx = dy * mask. Identity in eval mode.
  dropout: {
    forward(c) {
      const p = op(c, 'dropout').p;
      if (!c.train || p === 0) return c.alias(c.x(0));
      const len = size(c.node.shape);
      c.emit('dropout_fwd', [c.x(0), c.saved('mask', len, true), c.y()], { p, len, salt: saltOf(c.node.id) });
    },
    backward(c) {
      const p = op(c, 'dropout').p;
      if (p === 0) return c.pass(0, c.dy());
      const len = size(c.node.shape);
      c.emit('dropout_bwd', [c.dy(), c.saved('mask', len, true), c.gradInto(0)], { len });
    },
  },

  batchnorm: {
    forward(c) {
      const o = op(c, 'batchnorm'),
        s = c.node.shape;
      const p = { c: s[0]!, inner: size(s, 1), eps: o.eps, momentum: o.momentum };
      const args = [c.x(0), c.x(1), c.x(2), c.x(3), c.x(4), c.y()] as const;
      if (!c.train) return c.emit('bn_fwd_eval', args, p);
      c.emit('bn_fwd_train', [...args, c.saved('mean', s[0]!, false), c.saved('invstd', s[0]!, false)], p);
    },
    backward(c) {
      const s = c.node.shape,
        C = s[0]!;
      const dx = c.needs(0) ? c.gradInto(0) : c.temp(size(s), true);
      const dg = c.needs(1) ? c.gradInto(1) : c.temp(C, false);
      const db = c.needs(2) ? c.gradInto(2) : c.temp(C, false);
      const args = [c.x(0), c.x(1), c.saved('mean', C, false), c.saved('invstd', C, false), c.dy(), dx, dg, db] as const;
      c.emit('bn_bwd', args, { c: C, inner: size(s, 1) });
    },
  },

  layernorm: {
    forward(c) {
      const s = c.node.shape,
        D = s[s.length - 1]!,
        len = size(s),
        rows = len / D;
      const args = [c.x(0), c.x(1), c.x(2), c.y(), c.saved('mean', rows, true), c.saved('invstd', rows, true)] as const;
      c.emit('ln_fwd', args, { d: D, len, eps: op(c, 'layernorm').eps });
    },
    backward(c) {
      const s = c.node.shape,
        D = s[s.length - 1]!,
        len = size(s),
        rows = len / D;
      const dx = c.needs(0) ? c.gradInto(0) : c.temp(len, true);
      const dg = c.needs(1) ? c.gradInto(1) : c.temp(D, false);
      const db = c.needs(2) ? c.gradInto(2) : c.temp(D, false);
      const args = [c.x(0), c.x(1), c.saved('mean', rows, true), c.saved('invstd', rows, true), c.dy(), dx, dg, db] as const;
      c.emit('ln_bwd', args, { d: D, len });
    },
  },

  activation: {
    forward(c) {
      const o = op(c, 'activation');
      c.emit('act_fwd', [c.x(0), c.y()], { fn: ACT[o.fn], alpha: o.alpha ?? defaultAlpha(o.fn), len: size(c.node.shape) });
    },
    backward(c) {
      const o = op(c, 'activation');
      const p = { fn: ACT[o.fn], alpha: o.alpha ?? defaultAlpha(o.fn), len: size(c.node.shape) };
      // Where the output tells the sign of the input, the derivative reads only the output, so a
      // fused bias+activation need not keep its pre-activation.
      const x = fromOutput(o.fn, p.alpha) ? c.y() : c.x(0);
      c.emit('act_bwd', [x, c.y(), c.dy(), c.gradInto(0)], p);
    },
  },

  // dx = y (dy - sum(dy y))
  softmax: {
    forward(c) {
      const s = c.node.shape;
      c.emit('softmax_fwd', [c.x(0), c.y()], { d: s[s.length - 1]!, len: size(s) });
    },
    backward(c) {
      const s = c.node.shape;
      c.emit('softmax_bwd', [c.y(), c.dy(), c.gradInto(0)], { d: s[s.length - 1]!, len: size(s) });
    },
  },

  // y = a + b;  da = db = dy
  add: {
    forward(c) {
      c.emit('add', [c.x(0), c.x(1), c.y()], { len: size(c.node.shape), batched: 1 });
    },
    backward(c) {
      if (c.needs(0)) c.pass(0, c.dy());
      if (c.needs(1)) c.pass(1, c.dy());
    },
  },
  ...SEQUENCE_RULES,

  ...RECURRENT_RULES,
  ...QUANT_RULES,
};

function biasGeo(c: OpCtx) {
  return biasGeometry([], c.node, c.shapeOf(0));
}

/** x viewed as [outer, c, inner] around the bias axis. */
export function biasGeometry(nodes: readonly GraphNode[], n: GraphNode, xs: Shape = nodes[n.inputs[0]!]!.shape) {
  const axis = n.op.kind === 'bias_add' ? n.op.axis : 0;
  return { outer: size(xs, 0, axis), c: xs[axis]!, inner: size(xs, axis + 1) };
}

/** True when act_bwd can take the output in place of the input (y > 0 exactly when x > 0). */
export function fromOutput(fn: string, alpha: number): boolean {
  return fn === 'relu' || fn === 'sigmoid' || fn === 'tanh' || (fn === 'leaky_relu' && alpha >= 0) || (fn === 'elu' && alpha > 0);
}

/** PyTorch defaults: LeakyReLU negative_slope 0.01, ELU alpha 1. */
export function defaultAlpha(fn: string): number {
  return fn === 'leaky_relu' ? 0.01 : fn === 'elu' ? 1 : 0;
}

/** Dropout masks of different layers must differ: salt the seed with the node id. */
function saltOf(id: number): number {
  return Math.imul(id + 1, 0x9e3779b1) >>> 0;
}
