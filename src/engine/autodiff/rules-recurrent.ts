// Gradient rules of the recurrent ops, unrolled in the static plan (DESIGN.md "Sequences"):
// forward, one gemm projects every time step's input (xg = x W_ih^T), then one rnn_step_fwd per
// step does the recurrent product and the gates; backward through time runs rnn_step_bwd from
// the last step to the first, then three gemms and two bias sums give dx, dW_ih, dW_hh, db_ih
// and db_hh over all steps at once. Every call lands in the same program (one command buffer on
// WebGPU): no submit per step.

import { CELL, cellSaved } from '../kernels/codes';
import type { OpCtx, OpRule, T } from './types';

type RecurrentOp = OpCtx['node']['op'] & { kind: 'recurrent' };

function recurrentOp(c: OpCtx): RecurrentOp {
  if (c.node.op.kind !== 'recurrent') throw new Error(`recurrent rule got ${c.node.op.kind}`);
  return c.node.op;
}

/** Sizes of the op: steps T, input features F, hidden H, gates G (from weight_ih's rows). */
function dims(c: OpCtx) {
  const o = recurrentOp(c);
  const [T, F] = c.shapeOf(0) as [number, number];
  const G = c.shapeOf(1)[0]! / o.hidden;
  const step = { cell: CELL[o.cell], seq: T, h: o.hidden, dirs: o.dirs };
  return { o, T, F, H: o.hidden, G, step };
}

/** Saved per direction: the gate values (sv) and each step's previous state (hp). */
function saved(c: OpCtx, dir: number, T: number, H: number, S: number): { sv: T; hp: T } {
  return { sv: c.saved(`sv${dir}`, T * S * H, true), hp: c.saved(`hp${dir}`, T * H, true) };
}

export const RECURRENT_RULES: Readonly<Record<'recurrent' | 'last_state', OpRule>> = {
  recurrent: {
    forward(c) {
      const { o, T, F, H, G, step } = dims(c);
      const y = c.y();
      for (let dir = 0; dir < o.dirs; dir++) {
        const [wih, whh, bih, bhh] = [1, 2, 3, 4].map((k) => c.x(4 * dir + k)) as [T, T, T, T];
        const { sv, hp } = saved(c, dir, T, H, cellSaved(CELL[o.cell]));
        const xg = c.temp(T * G * H, true);
        c.emit('gemm', [c.x(0), wih, xg], { m: T, n: G * H, k: F, bm: 1, tb: 1 });
        for (let s = 0; s < T; s++) c.emit('rnn_step_fwd', [xg, whh, bih, bhh, y, sv, hp], { ...step, s, dir });
      }
    },
    backward(c) {
      const { o, T, F, H, G, step } = dims(c);
      const dx = c.needs(0) ? c.gradInto(0) : null;
      for (let dir = 0; dir < o.dirs; dir++) {
        const at = (k: number) => 4 * dir + k;
        const whh = c.x(at(2));
        const { sv, hp } = saved(c, dir, T, H, cellSaved(CELL[o.cell]));
        const carry = c.temp(T * H, true),
          dgi = c.temp(T * G * H, true),
          dgh = c.temp(T * G * H, true);
        for (let s = T - 1; s >= 0; s--) c.emit('rnn_step_bwd', [whh, sv, hp, c.y(), c.dy(), carry, dgi, dgh], { ...step, s, dir });
        const bias = { outer: T, c: G * H, inner: 1 };
        if (c.needs(at(1))) c.emit('gemm', [dgi, c.x(0), c.gradInto(at(1))], { m: G * H, n: F, k: T, bk: 1, ta: 1 });
        if (c.needs(at(2))) c.emit('gemm', [dgh, hp, c.gradInto(at(2))], { m: G * H, n: H, k: T, bk: 1, ta: 1 });
        if (c.needs(at(3))) c.emit('bias_grad', [dgi, c.gradInto(at(3))], bias);
        if (c.needs(at(4))) c.emit('bias_grad', [dgh, c.gradInto(at(4))], bias);
        // Both directions read the same x: the second adds its part into the same gradient.
        if (dx) c.emit('gemm', [dgi, c.x(at(1)), dx], { m: T, n: F, k: G * H, bm: 1, ...(dir > 0 ? { acc: 1 } : {}) });
      }
    },
  },

  // y = h_n;  dx is dy at the picked steps, zero elsewhere
  last_state: {
    forward(c) {
      const o = c.node.op as OpCtx['node']['op'] & { kind: 'last_state' };
      c.emit('last_state_fwd', [c.x(0), c.y()], { seq: c.shapeOf(0)[0]!, h: o.hidden, dirs: o.dirs });
    },
    backward(c) {
      const o = c.node.op as OpCtx['node']['op'] & { kind: 'last_state' };
      c.emit('last_state_bwd', [c.dy(), c.gradInto(0)], { seq: c.shapeOf(0)[0]!, h: o.hidden, dirs: o.dirs });
    },
  },
};
