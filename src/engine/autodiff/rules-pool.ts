// Sequence pooling's rules (rules.ts spreads them): seq_pool ([T, D] -> [D]) and prepend (the
// cls token). seq_pool's token input (the padding mask) gets no gradient: token ids are data.

import { POOL } from '../kernels/codes';
import type { OpCtx, OpRule } from './types';

function poolParams(c: OpCtx) {
  const op = c.node.op;
  if (op.kind !== 'seq_pool') throw new Error(`rule for seq_pool got ${op.kind}`);
  const [t, d] = c.shapeOf(0) as [number, number];
  return { t, d, mode: POOL[op.mode], ...(op.masked ? { masked: 1, shift: op.shift } : {}) };
}

/** The tensor the mask is read from: the token input, or (unmasked, not read) x itself. */
const tokens = (c: OpCtx) => c.x(c.node.inputs.length > 1 ? 1 : 0);

const td = (c: OpCtx) => {
  const [t, d] = c.shapeOf(0) as [number, number];
  return { t, d };
};

export const POOL_RULES: Readonly<Record<'seq_pool' | 'prepend', OpRule>> = {
  // mean: dx_j = dy / count at counted j; last, first: dx = dy at that position; 0 elsewhere.
  seq_pool: {
    forward(c) {
      c.emit('seqpool_fwd', [c.x(0), tokens(c), c.y()], poolParams(c));
    },
    backward(c) {
      if (c.needs(0)) c.emit('seqpool_bwd', [c.dy(), tokens(c), c.gradInto(0)], poolParams(c));
    },
  },
  // y = [c; x];  dx = dy[1:];  dc = sum over the batch of dy[0]
  prepend: {
    forward(c) {
      c.emit('prepend_fwd', [c.x(0), c.x(1), c.y()], td(c));
    },
    backward(c) {
      const { t, d } = td(c);
      const dx = c.needs(0) ? c.gradInto(0) : c.temp(t * d, true);
      const dc = c.needs(1) ? c.gradInto(1) : c.temp(d, false);
      c.emit('prepend_bwd', [c.dy(), dx, dc], { t, d });
    },
  },
};
