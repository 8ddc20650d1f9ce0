// Recurrent cells, one time step per call: the specification the WGSL twins are checked against.
// PyTorch's definitions (torch/nn/modules/rnn.py), gate orders and zero initial state:
//   rnn:  h = tanh|relu(W_ih x + b_ih + W_hh h' + b_hh)
//   lstm: i,f,g,o = σ,σ,tanh,σ(W_ih x + b_ih + W_hh h' + b_hh);  c = f c' + i g;  h = o tanh(c)
//   gru:  r,z = σ(W_ih x + b_ih + W_hh h' + b_hh);  n = tanh(W_in x + b_in + r (W_hn h' + b_hn));
//         h = (1 - z) n + z h'
// The input projection xg = x W_ih^T of all steps is one gemm before the first step (the rule's);
// a step adds the biases and the recurrent product W_hh h' and applies the gates.
//
// Layouts, per sample: xg [seq, G*h]; y [seq, dirs*h] (direction `dir` in columns dir*h..);
// sv [seq, S*h], what backward needs (lstm: i f g o c; gru: r z n (W_hn h' + b_hn); rnn: unused);
// hp [seq, h], the previous state h' of each step (for dW_hh = Σ dgh^T h'). Backward, step s
// reads step s+1's dgh and carry (the gradient reaching h' or c' directly: lstm dc f, gru dh z).

import type { Runtime } from '../../backend';
import { CELL, cellGates, cellSaved } from '../../kernels/codes';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;
type StepParams = ParamsOf<'rnn_step_fwd'>;

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The geometry both directions of a step share. */
function geometry(p: StepParams) {
  const T = p.seq,
    H = p.h,
    G = cellGates(p.cell),
    S = cellSaved(p.cell),
    time = (s: number) => (p.dir ? T - 1 - s : s);
  return { T, H, G, S, t: time(p.s), tp: time(p.s - 1), tn: time(p.s + 1), yw: p.dirs * H, yo: p.dir * H };
}

export function rnnStepFwd([xg, whh, bih, bhh, y, sv, hp]: ArgsOf<'rnn_step_fwd', F>, p: StepParams, rt: Runtime): void {
  const { T, H, G, S, t, tp, yw, yo } = geometry(p);
  const first = p.s === 0;
  const pre = new Float64Array(G),
    rec = new Float64Array(G);
  for (let b = 0; b < rt.n; b++) {
    const prevY = (b * T + tp) * yw + yo; // h' of this sample (when not the first step)
    for (let j = 0; j < H; j++) {
      for (let g = 0; g < G; g++) {
        const row = g * H + j;
        let acc = bhh[row]!;
        if (!first) for (let k = 0; k < H; k++) acc += whh[row * H + k]! * y[prevY + k]!;
        rec[g] = acc;
        pre[g] = xg[(b * T + t) * G * H + row]! + bih[row]!;
      }
      const hprev = first ? 0 : y[prevY + j]!;
      hp[(b * T + t) * H + j] = hprev;
      const o = (b * T + t) * S * H;
      let h: number;
      if (p.cell === CELL.lstm) {
        const i = sigmoid(pre[0]! + rec[0]!),
          f = sigmoid(pre[1]! + rec[1]!),
          gg = Math.tanh(pre[2]! + rec[2]!),
          og = sigmoid(pre[3]! + rec[3]!);
        const c = f * (first ? 0 : sv[(b * T + tp) * S * H + 4 * H + j]!) + i * gg;
        h = og * Math.tanh(c);
        [i, f, gg, og, c].forEach((v, k) => (sv[o + k * H + j] = v));
      } else if (p.cell === CELL.gru) {
        const r = sigmoid(pre[0]! + rec[0]!),
          z = sigmoid(pre[1]! + rec[1]!),
          n = Math.tanh(pre[2]! + r * rec[2]!);
        h = (1 - z) * n + z * hprev;
        [r, z, n, rec[2]!].forEach((v, k) => (sv[o + k * H + j] = v));
      } else {
        const a = pre[0]! + rec[0]!;
        h = p.cell === CELL.rnn_relu ? Math.max(0, a) : Math.tanh(a);
      }
      y[(b * T + t) * yw + yo + j] = h;
    }
  }
}

export function rnnStepBwd(
  [whh, sv, hp, y, dy, carry, dgi, dgh]: ArgsOf<'rnn_step_bwd', F>,
  p: ParamsOf<'rnn_step_bwd'>,
  rt: Runtime,
): void {
  const { T, H, G, S, t, tp, tn, yw, yo } = geometry(p);
  const last = p.s === T - 1,
    first = p.s === 0;
  for (let b = 0; b < rt.n; b++) {
    for (let j = 0; j < H; j++) {
      // dh: from the output at t, and (but for the last step) through step s+1's W_hh h'.
      let dh = dy[(b * T + t) * yw + yo + j]!;
      if (!last) for (let row = 0; row < G * H; row++) dh += dgh[(b * T + tn) * G * H + row]! * whh[row * H + j]!;
      const next = last ? 0 : carry[(b * T + tn) * H + j]!;
      const o = (b * T + t) * S * H,
        gi = (b * T + t) * G * H + j,
        at = (k: number) => sv[o + k * H + j]!;
      let d: number[];
      if (p.cell === CELL.lstm) {
        const [i, f, g, og, c] = [at(0), at(1), at(2), at(3), at(4)];
        const tc = Math.tanh(c);
        const dc = dh * og * (1 - tc * tc) + next;
        const cp = first ? 0 : sv[(b * T + tp) * S * H + 4 * H + j]!;
        carry[(b * T + t) * H + j] = dc * f;
        d = [dc * g * i * (1 - i), dc * cp * f * (1 - f), dc * i * (1 - g * g), dh * tc * og * (1 - og)];
        d.forEach((v, k) => (dgi[gi + k * H] = dgh[gi + k * H] = v));
      } else if (p.cell === CELL.gru) {
        const [r, z, n, hn] = [at(0), at(1), at(2), at(3)];
        const dht = dh + next,
          hprev = hp[(b * T + t) * H + j]!;
        carry[(b * T + t) * H + j] = dht * z;
        const dn = dht * (1 - z) * (1 - n * n);
        const dz = dht * (hprev - n) * z * (1 - z);
        const dr = dn * hn * r * (1 - r);
        [dr, dz, dn].forEach((v, k) => (dgi[gi + k * H] = v));
        [dr, dz, dn * r].forEach((v, k) => (dgh[gi + k * H] = v));
      } else {
        const h = y[(b * T + t) * yw + yo + j]!;
        const dpre = dh * (p.cell === CELL.rnn_relu ? (h > 0 ? 1 : 0) : 1 - h * h);
        carry[(b * T + t) * H + j] = 0;
        dgi[gi] = dgh[gi] = dpre;
      }
    }
  }
}

/** x [seq, dirs*h] -> y [dirs*h]: direction 0 at its last step, direction 1 at its first (h_n). */
export function lastStateFwd([x, y]: ArgsOf<'last_state_fwd', F>, p: ParamsOf<'last_state_fwd'>, rt: Runtime): void {
  const T = p.seq,
    W = p.dirs * p.h;
  for (let b = 0; b < rt.n; b++)
    for (let c = 0; c < W; c++) {
      const t = c < p.h ? T - 1 : 0;
      y[b * W + c] = x[(b * T + t) * W + c]!;
    }
}

export function lastStateBwd([dy, dx]: ArgsOf<'last_state_bwd', F>, p: ParamsOf<'last_state_bwd'>, rt: Runtime): void {
  const T = p.seq,
    W = p.dirs * p.h;
  dx.fill(0, 0, rt.n * T * W);
  for (let b = 0; b < rt.n; b++)
    for (let c = 0; c < W; c++) {
      const t = c < p.h ? T - 1 : 0;
      dx[(b * T + t) * W + c] = dy[b * W + c]!;
    }
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them). */
export const RECURRENT_KERNELS = {
  rnn_step_fwd: rnnStepFwd,
  rnn_step_bwd: rnnStepBwd,
  last_state_fwd: lastStateFwd,
  last_state_bwd: lastStateBwd,
};
