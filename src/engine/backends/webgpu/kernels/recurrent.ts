// Recurrent cells, one time step per dispatch: the WGSL twins of backends/cpu/recurrent.ts (the
// specification: definitions, layouts, what is saved).
//
// Approach: one invocation per (sample, hidden unit). Forward, it does the recurrent product of
// its G rows of W_hh with h' (read from y at the previous step) and the gate nonlinearities, so a
// step is one dispatch; backward, it gathers dh through step s+1's dgh (a column of W_hh) and
// writes its gates' gradients. The steps of a layer are successive dispatches of one command
// buffer (each dispatch sees the previous one's writes): no submit per step.
// Versions: this is the first. A workgroup per sample holding h' in shared memory would cut the
// loads of h' by H; on the emulators here (SwiftShader, lavapipe) shared memory is slower, and
// no real GPU can be measured on these machines (see kernels/gemm.ts), so the plain one is kept.

import { CELL } from '../../../kernels/codes';
import { type WgslFamily, perThread } from '../kernel';

const STEP_PARAMS = [
  { name: 'cell', type: 'u32' },
  { name: 's', type: 'u32' },
  { name: 'seq', type: 'u32' },
  { name: 'h', type: 'u32' },
  { name: 'dirs', type: 'u32' },
  { name: 'dir', type: 'u32' },
] as const;

/** Gates G and saved values S per unit, and the step's times (t, previous tp, next tn). */
const GEOMETRY = /* wgsl */ `
fn gates_of(cell: u32) -> u32 { return select(select(1u, 3u, cell == ${CELL.gru}u), 4u, cell == ${CELL.lstm}u); }
fn saved_of(cell: u32) -> u32 { return select(select(1u, 4u, cell == ${CELL.gru}u), 5u, cell == ${CELL.lstm}u); }
fn time_of(s: u32, seq: u32, dir: u32) -> u32 { return select(s, seq - 1u - s, dir == 1u); }
fn sigm(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
`;

const LAST_PARAMS = [
  { name: 'seq', type: 'u32' },
  { name: 'h', type: 'u32' },
  { name: 'dirs', type: 'u32' },
] as const;

export const RECURRENT: WgslFamily<'rnn_step_fwd' | 'rnn_step_bwd' | 'last_state_fwd' | 'last_state_bwd'> = {
  rnn_step_fwd: {
    writes: ['y', 'sv', 'hp'],
    params: STEP_PARAMS,
    helpers: GEOMETRY,
    body: `
  let H = u.h;
  if (idx >= rt.n * H) { return; }
  let b = idx / H;
  let j = idx % H;
  let T = u.seq;
  let G = gates_of(u.cell);
  let S = saved_of(u.cell);
  let t = time_of(u.s, T, u.dir);
  let first = u.s == 0u;
  let tp = select(time_of(u.s - 1u, T, u.dir), 0u, first);
  let yw = u.dirs * H;
  let yo = u.dir * H;
  let prevY = (b * T + tp) * yw + yo;
  var pre = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
  var rec = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
  for (var g = 0u; g < G; g++) {
    let row = g * H + j;
    var acc = bhh[row];
    if (!first) { for (var k = 0u; k < H; k++) { acc += whh[row * H + k] * y[prevY + k]; } }
    rec[g] = acc;
    pre[g] = xg[(b * T + t) * G * H + row] + bih[row];
  }
  let hprev = select(y[prevY + j], 0.0, first);
  hp[(b * T + t) * H + j] = hprev;
  let o = (b * T + t) * S * H;
  var h = 0.0;
  if (u.cell == ${CELL.lstm}u) {
    let i = sigm(pre[0] + rec[0]);
    let f = sigm(pre[1] + rec[1]);
    let gg = tanh(pre[2] + rec[2]);
    let og = sigm(pre[3] + rec[3]);
    let cp = select(sv[(b * T + tp) * S * H + 4u * H + j], 0.0, first);
    let c = f * cp + i * gg;
    h = og * tanh(c);
    sv[o + j] = i;
    sv[o + H + j] = f;
    sv[o + 2u * H + j] = gg;
    sv[o + 3u * H + j] = og;
    sv[o + 4u * H + j] = c;
  } else if (u.cell == ${CELL.gru}u) {
    let r = sigm(pre[0] + rec[0]);
    let z = sigm(pre[1] + rec[1]);
    let n = tanh(pre[2] + r * rec[2]);
    h = (1.0 - z) * n + z * hprev;
    sv[o + j] = r;
    sv[o + H + j] = z;
    sv[o + 2u * H + j] = n;
    sv[o + 3u * H + j] = rec[2];
  } else {
    let a = pre[0] + rec[0];
    h = select(tanh(a), max(a, 0.0), u.cell == ${CELL.rnn_relu}u);
  }
  y[(b * T + t) * yw + yo + j] = h;`,
    groups: (p, rt) => perThread(rt.n * p.h),
  },
  rnn_step_bwd: {
    writes: ['carry', 'dgi', 'dgh'],
    params: STEP_PARAMS,
    helpers: GEOMETRY,
    body: `
  let H = u.h;
  if (idx >= rt.n * H) { return; }
  let b = idx / H;
  let j = idx % H;
  let T = u.seq;
  let G = gates_of(u.cell);
  let S = saved_of(u.cell);
  let t = time_of(u.s, T, u.dir);
  let last = u.s + 1u == T;
  let first = u.s == 0u;
  let tn = select(time_of(u.s + 1u, T, u.dir), 0u, last);
  let tp = select(time_of(u.s - 1u, T, u.dir), 0u, first);
  let yw = u.dirs * H;
  let yo = u.dir * H;
  var dh = dy[(b * T + t) * yw + yo + j];
  if (!last) { for (var row = 0u; row < G * H; row++) { dh += dgh[(b * T + tn) * G * H + row] * whh[row * H + j]; } }
  let nxt = select(carry[(b * T + tn) * H + j], 0.0, last);
  let o = (b * T + t) * S * H;
  let gi = (b * T + t) * G * H + j;
  let ci = (b * T + t) * H + j;
  if (u.cell == ${CELL.lstm}u) {
    let i = sv[o + j];
    let f = sv[o + H + j];
    let g = sv[o + 2u * H + j];
    let og = sv[o + 3u * H + j];
    let tc = tanh(sv[o + 4u * H + j]);
    let dc = dh * og * (1.0 - tc * tc) + nxt;
    let cp = select(sv[(b * T + tp) * S * H + 4u * H + j], 0.0, first);
    carry[ci] = dc * f;
    let d0 = dc * g * i * (1.0 - i);
    let d1 = dc * cp * f * (1.0 - f);
    let d2 = dc * i * (1.0 - g * g);
    let d3 = dh * tc * og * (1.0 - og);
    dgi[gi] = d0; dgi[gi + H] = d1; dgi[gi + 2u * H] = d2; dgi[gi + 3u * H] = d3;
    dgh[gi] = d0; dgh[gi + H] = d1; dgh[gi + 2u * H] = d2; dgh[gi + 3u * H] = d3;
  } else if (u.cell == ${CELL.gru}u) {
    let r = sv[o + j];
    let z = sv[o + H + j];
    let n = sv[o + 2u * H + j];
    let hn = sv[o + 3u * H + j];
    let dht = dh + nxt;
    carry[ci] = dht * z;
    let dn = dht * (1.0 - z) * (1.0 - n * n);
    let dz = dht * (hp[ci] - n) * z * (1.0 - z);
    let dr = dn * hn * r * (1.0 - r);
    dgi[gi] = dr; dgi[gi + H] = dz; dgi[gi + 2u * H] = dn;
    dgh[gi] = dr; dgh[gi + H] = dz; dgh[gi + 2u * H] = dn * r;
  } else {
    let hv = y[(b * T + t) * yw + yo + j];
    let dpre = dh * select(1.0 - hv * hv, select(0.0, 1.0, hv > 0.0), u.cell == ${CELL.rnn_relu}u);
    carry[ci] = 0.0;
    dgi[gi] = dpre;
    dgh[gi] = dpre;
  }`,
    groups: (p, rt) => perThread(rt.n * p.h),
  },
  last_state_fwd: {
    writes: ['y'],
    params: LAST_PARAMS,
    body: `
  let W = u.dirs * u.h;
  if (idx >= rt.n * W) { return; }
  let b = idx / W;
  let c = idx % W;
  let t = select(0u, u.seq - 1u, c < u.h);
  y[idx] = x[(b * u.seq + t) * W + c];`,
    groups: (p, rt) => perThread(rt.n * p.dirs * p.h),
  },
  last_state_bwd: {
    writes: ['dx'],
    params: LAST_PARAMS,
    body: `
  let W = u.dirs * u.h;
  if (idx >= rt.n * u.seq * W) { return; }
  let c = idx % W;
  let t = (idx / W) % u.seq;
  let b = idx / (W * u.seq);
  let pick = select(0u, u.seq - 1u, c < u.h);
  dx[idx] = select(0.0, dy[b * W + c], t == pick);`,
    groups: (p, rt) => perThread(rt.n * p.seq * p.dirs * p.h),
  },
};
