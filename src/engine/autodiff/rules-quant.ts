// Fake quantization's rule: y = the grid point of x (fake_quant_fwd), dx = dy inside the clamp
// range and 0 outside (the straight-through estimator of PyTorch's FakeQuantize). A weight's
// fake-quant is a per-tensor value like the weight itself (not per sample): its output and
// gradient are unbatched, and the gradient lands in the weight's slice of the grads buffer.

import type { OpKind } from '../../graph/ir';
import { numel, type OpCtx, type OpRule } from './types';

function geometry(c: OpCtx) {
  const o = c.node.op;
  if (o.kind !== 'fake_quant') throw new Error(`rule for fake_quant got ${o.kind}`);
  const xs = c.shapeOf(0),
    len = numel(xs);
  const ch = o.axis < 0 ? 1 : xs[o.axis]!;
  const inner = o.axis < 0 ? len : numel(xs.slice(o.axis + 1));
  const batched = c.x(0).batched;
  return { len, c: ch, inner, qmin: o.qmin, qmax: o.qmax, ...(batched ? { batched: 1 } : {}) };
}

export const QUANT_RULES: Readonly<Record<Extract<OpKind, 'fake_quant'>, OpRule>> = {
  fake_quant: {
    forward(c) {
      const p = geometry(c);
      let y = c.y;
      if (!p.batched) {
        const t = c.temp(p.len, false);
        c.alias(t);
        y = () => t;
      }
      c.emit('fake_quant_fwd', [c.x(0), c.x(1), y()], p);
    },
    backward(c) {
      if (c.needs(0)) c.emit('fake_quant_bwd', [c.x(0), c.x(1), c.dy(), c.gradInto(0)], geometry(c));
    },
  },
};
