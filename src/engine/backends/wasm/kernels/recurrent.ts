// AssemblyScript: one recurrent time step (rnn_step_fwd / rnn_step_bwd of the contract), the
// reference's definitions and layouts (backends/cpu/recurrent.ts, PyTorch's gate orders). The
// recurrent product is a GEMM over the batch: forward R[n, G*H] = h'[n, H] W_hh^T, backward
// dh[n, H] = dgh(s+1)[n, G*H] W_hh; the previous states (or the next step's gate gradients) are
// gathered from their strided rows into a contiguous block first. The gates are then applied
// per unit in f64, as the reference does.
//
// Threads split the units j (in 8-column panels, gemm.ts's NR): each thread computes the G gate
// columns of its units (G gemmRange calls over column ranges) and applies their cells, so W_hh
// is packed once over the threads, not once per thread. Every element's sum runs over K in the
// same order whatever the split: results are identical for any thread count.
//
// The LSTM forward cell runs four units at a time in f32 lanes (vmath.ts: its five sigmoids and
// tanhs per unit in f64 Math.exp were a third of the LSTM bench step), and so does its backward;
// the other cells and the last units of a thread's range stay in f64.

import { gemmRange, GEMM_SCRATCH, NR } from './gemm';
import { sigmoid4, tanh4 } from './vmath';

const LSTM = 2,
  GRU = 3,
  RELU = 1;

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}
@inline function f(p: usize, i: i32): f64 {
  return <f64>load<f32>(at(p, i));
}
@inline function put(p: usize, i: i32, v: f64): void {
  store<f32>(at(p, i), <f32>v);
}
@inline function sigmoid(v: f64): f64 {
  return 1 / (1 + Math.exp(-v));
}
/** tanh through one exp: the forward step ran 30 % slower on Math.tanh (its expm1 path). Near 0
 *  its error is absolute f64 rounding, far below the f32 result's. */
@inline function tanh(v: f64): f64 {
  return 1 - 2 / (Math.exp(2 * v) + 1);
}
function gates(cell: i32): i32 {
  return cell == LSTM ? 4 : cell == GRU ? 3 : 1;
}
function saved(cell: i32): i32 {
  return cell == LSTM ? 5 : cell == GRU ? 4 : 1;
}

/** Floats of thread scratch a step needs for n samples of H units, G gates. */
export function rnnScratch(n: i32, H: i32, G: i32): i32 {
  return GEMM_SCRATCH + n * G * H + n * H;
}

// This thread's units [j0, j1) (set by units()).
let j0 = 0,
  j1 = 0;
function units(H: i32, tid: i32, nt: i32): void {
  const per = ((H + NR * nt - 1) / (NR * nt)) * NR;
  j0 = min(H, tid * per);
  j1 = min(H, j0 + per);
}

/** The time of step s (reversed for direction 1). */
@inline function time(s: i32, T: i32, dir: i32): i32 {
  return dir != 0 ? T - 1 - s : s;
}

/** Gate g's pre-activation of units j..j+3: input part, both biases, the recurrent product. */
@inline function lstmPre(xg: usize, bih: usize, bhh: usize, R: usize, xr: i32, rr: i32, g: i32, H: i32, j: i32, first: bool): v128 {
  const pre = f32x4.add(f32x4.add(v128.load(at(xg, xr + g * H + j)), v128.load(at(bih, g * H + j))), v128.load(at(bhh, g * H + j)));
  return first ? pre : f32x4.add(pre, v128.load(at(R, rr + g * H + j)));
}

/** Job: desc = [xg, whh, bih, bhh, y, sv, hp, n, cell, s, seq, h, dirs, dir, scratch, stride]. */
export function rnn_fwd_job(desc: usize, tid: i32, nt: i32): void {
  const xg = <usize>load<i32>(desc), whh = <usize>load<i32>(desc, 4), bih = <usize>load<i32>(desc, 8),
    bhh = <usize>load<i32>(desc, 12), y = <usize>load<i32>(desc, 16), sv = <usize>load<i32>(desc, 20),
    hp = <usize>load<i32>(desc, 24);
  const n = load<i32>(desc, 28), cell = load<i32>(desc, 32), s = load<i32>(desc, 36), T = load<i32>(desc, 40),
    H = load<i32>(desc, 44), dirs = load<i32>(desc, 48), dir = load<i32>(desc, 52);
  const ws = <usize>load<i32>(desc, 56) + <usize>tid * <usize>load<i32>(desc, 60);
  const G = gates(cell), S = saved(cell), GH = G * H, yw = dirs * H, yo = dir * H;
  const t = time(s, T, dir), tp = time(s - 1, T, dir), first = s == 0;
  units(H, tid, nt);
  if (j0 >= j1) return;
  const R = ws + (<usize>GEMM_SCRATCH << 2), hb = at(R, n * GH);
  if (!first) {
    for (let b = 0; b < n; b++) memory.copy(at(hb, b * H), at(y, (b * T + tp) * yw + yo), <usize>H << 2);
    for (let g = 0; g < G; g++) gemmRange(n, GH, H, hb, false, whh, true, R, false, 0, n, g * H + j0, g * H + j1, ws);
  }
  for (let b = 0; b < n; b++) {
    const o = (b * T + t) * S * H, xr = (b * T + t) * GH, rr = b * GH;
    let js = j0;
    if (cell == LSTM)
      for (; js + 4 <= j1; js += 4) {
        const hy = (b * T + t) * yw + yo + js, hprev = first ? f32x4.splat(0) : v128.load(at(y, (b * T + tp) * yw + yo + js));
        v128.store(at(hp, (b * T + t) * H + js), hprev);
        const i = sigmoid4(lstmPre(xg, bih, bhh, R, xr, rr, 0, H, js, first)),
          fg = sigmoid4(lstmPre(xg, bih, bhh, R, xr, rr, 1, H, js, first)),
          gg = tanh4(lstmPre(xg, bih, bhh, R, xr, rr, 2, H, js, first)),
          og = sigmoid4(lstmPre(xg, bih, bhh, R, xr, rr, 3, H, js, first));
        const cp = first ? f32x4.splat(0) : v128.load(at(sv, (b * T + tp) * S * H + 4 * H + js));
        const c = f32x4.add(f32x4.mul(fg, cp), f32x4.mul(i, gg));
        v128.store(at(sv, o + js), i);
        v128.store(at(sv, o + H + js), fg);
        v128.store(at(sv, o + 2 * H + js), gg);
        v128.store(at(sv, o + 3 * H + js), og);
        v128.store(at(sv, o + 4 * H + js), c);
        v128.store(at(y, hy), f32x4.mul(og, tanh4(c)));
      }
    for (let j = js; j < j1; j++) {
      const hprev: f64 = first ? 0 : f(y, (b * T + tp) * yw + yo + j);
      put(hp, (b * T + t) * H + j, hprev);
      // pre + rec of gate g; rec alone for gru's n gate
      const rec0 = f(bhh, j) + (first ? 0 : f(R, rr + j));
      const pre0 = f(xg, xr + j) + f(bih, j);
      let h: f64;
      if (cell == LSTM) {
        const i = sigmoid(pre0 + rec0),
          fg = sigmoid(f(xg, xr + H + j) + f(bih, H + j) + f(bhh, H + j) + (first ? 0 : f(R, rr + H + j))),
          gg = tanh(f(xg, xr + 2 * H + j) + f(bih, 2 * H + j) + f(bhh, 2 * H + j) + (first ? 0 : f(R, rr + 2 * H + j))),
          og = sigmoid(f(xg, xr + 3 * H + j) + f(bih, 3 * H + j) + f(bhh, 3 * H + j) + (first ? 0 : f(R, rr + 3 * H + j)));
        const c = fg * (first ? 0 : f(sv, (b * T + tp) * S * H + 4 * H + j)) + i * gg;
        h = og * tanh(c);
        put(sv, o + j, i);
        put(sv, o + H + j, fg);
        put(sv, o + 2 * H + j, gg);
        put(sv, o + 3 * H + j, og);
        put(sv, o + 4 * H + j, c);
      } else if (cell == GRU) {
        const r = sigmoid(pre0 + rec0),
          z = sigmoid(f(xg, xr + H + j) + f(bih, H + j) + f(bhh, H + j) + (first ? 0 : f(R, rr + H + j)));
        const hn = f(bhh, 2 * H + j) + (first ? 0 : f(R, rr + 2 * H + j));
        const nn = tanh(f(xg, xr + 2 * H + j) + f(bih, 2 * H + j) + r * hn);
        h = (1 - z) * nn + z * hprev;
        put(sv, o + j, r);
        put(sv, o + H + j, z);
        put(sv, o + 2 * H + j, nn);
        put(sv, o + 3 * H + j, hn);
      } else {
        const a = pre0 + rec0;
        h = cell == RELU ? max<f64>(0, a) : tanh(a);
      }
      put(y, (b * T + t) * yw + yo + j, h);
    }
  }
}

/** Job: desc = [whh, sv, hp, y, dy, carry, dgi, dgh, n, cell, s, seq, h, dirs, dir, scratch, stride]. */
export function rnn_bwd_job(desc: usize, tid: i32, nt: i32): void {
  const whh = <usize>load<i32>(desc), sv = <usize>load<i32>(desc, 4), hp = <usize>load<i32>(desc, 8),
    y = <usize>load<i32>(desc, 12), dy = <usize>load<i32>(desc, 16), carry = <usize>load<i32>(desc, 20),
    dgi = <usize>load<i32>(desc, 24), dgh = <usize>load<i32>(desc, 28);
  const n = load<i32>(desc, 32), cell = load<i32>(desc, 36), s = load<i32>(desc, 40), T = load<i32>(desc, 44),
    H = load<i32>(desc, 48), dirs = load<i32>(desc, 52), dir = load<i32>(desc, 56);
  const ws = <usize>load<i32>(desc, 60) + <usize>tid * <usize>load<i32>(desc, 64);
  const G = gates(cell), S = saved(cell), GH = G * H, yw = dirs * H, yo = dir * H;
  const t = time(s, T, dir), tp = time(s - 1, T, dir), tn = time(s + 1, T, dir);
  const last = s == T - 1, first = s == 0;
  units(H, tid, nt);
  if (j0 >= j1) return;
  const D = ws + (<usize>GEMM_SCRATCH << 2), DH = at(D, n * GH);
  if (!last) {
    for (let b = 0; b < n; b++) memory.copy(at(D, b * GH), at(dgh, (b * T + tn) * GH), <usize>GH << 2);
    gemmRange(n, H, GH, D, false, whh, false, DH, false, 0, n, j0, j1, ws);
  }
  for (let b = 0; b < n; b++) {
    const o = (b * T + t) * S * H, gi = (b * T + t) * GH;
    let js = j0;
    if (cell == LSTM)
      for (; js + 4 <= j1; js += 4) {
        const zero = f32x4.splat(0), one = f32x4.splat(1);
        const dyv = v128.load(at(dy, (b * T + t) * yw + yo + js));
        const dh = last ? dyv : f32x4.add(dyv, v128.load(at(DH, b * H + js)));
        const next = last ? zero : v128.load(at(carry, (b * T + tn) * H + js));
        const ci = (b * T + t) * H + js;
        const i = v128.load(at(sv, o + js)), fg = v128.load(at(sv, o + H + js)), g = v128.load(at(sv, o + 2 * H + js)),
          og = v128.load(at(sv, o + 3 * H + js)), tc = tanh4(v128.load(at(sv, o + 4 * H + js)));
        const dc = f32x4.add(f32x4.mul(f32x4.mul(dh, og), f32x4.sub(one, f32x4.mul(tc, tc))), next);
        const cp = first ? zero : v128.load(at(sv, (b * T + tp) * S * H + 4 * H + js));
        v128.store(at(carry, ci), f32x4.mul(dc, fg));
        const d0 = f32x4.mul(f32x4.mul(f32x4.mul(dc, g), i), f32x4.sub(one, i)),
          d1 = f32x4.mul(f32x4.mul(f32x4.mul(dc, cp), fg), f32x4.sub(one, fg)),
          d2 = f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g))),
          d3 = f32x4.mul(f32x4.mul(f32x4.mul(dh, tc), og), f32x4.sub(one, og));
        v128.store(at(dgi, gi + js), d0); v128.store(at(dgh, gi + js), d0);
        v128.store(at(dgi, gi + H + js), d1); v128.store(at(dgh, gi + H + js), d1);
        v128.store(at(dgi, gi + 2 * H + js), d2); v128.store(at(dgh, gi + 2 * H + js), d2);
        v128.store(at(dgi, gi + 3 * H + js), d3); v128.store(at(dgh, gi + 3 * H + js), d3);
      }
    for (let j = js; j < j1; j++) {
      const dh = f(dy, (b * T + t) * yw + yo + j) + (last ? 0 : f(DH, b * H + j));
      const next: f64 = last ? 0 : f(carry, (b * T + tn) * H + j);
      const ci = (b * T + t) * H + j;
      if (cell == LSTM) {
        const i = f(sv, o + j), fg = f(sv, o + H + j), g = f(sv, o + 2 * H + j), og = f(sv, o + 3 * H + j), c = f(sv, o + 4 * H + j);
        const tc = tanh(c);
        const dc = dh * og * (1 - tc * tc) + next;
        const cp: f64 = first ? 0 : f(sv, (b * T + tp) * S * H + 4 * H + j);
        put(carry, ci, dc * fg);
        const d0 = dc * g * i * (1 - i), d1 = dc * cp * fg * (1 - fg), d2 = dc * i * (1 - g * g), d3 = dh * tc * og * (1 - og);
        put(dgi, gi + j, d0); put(dgh, gi + j, d0);
        put(dgi, gi + H + j, d1); put(dgh, gi + H + j, d1);
        put(dgi, gi + 2 * H + j, d2); put(dgh, gi + 2 * H + j, d2);
        put(dgi, gi + 3 * H + j, d3); put(dgh, gi + 3 * H + j, d3);
      } else if (cell == GRU) {
        const r = f(sv, o + j), z = f(sv, o + H + j), nn = f(sv, o + 2 * H + j), hn = f(sv, o + 3 * H + j);
        const dht = dh + next, hprev = f(hp, ci);
        put(carry, ci, dht * z);
        const dn = dht * (1 - z) * (1 - nn * nn);
        const dz = dht * (hprev - nn) * z * (1 - z);
        const dr = dn * hn * r * (1 - r);
        put(dgi, gi + j, dr); put(dgi, gi + H + j, dz); put(dgi, gi + 2 * H + j, dn);
        put(dgh, gi + j, dr); put(dgh, gi + H + j, dz); put(dgh, gi + 2 * H + j, dn * r);
      } else {
        const h = f(y, (b * T + t) * yw + yo + j);
        const dpre = dh * (cell == RELU ? (h > 0 ? 1.0 : 0.0) : 1 - h * h);
        put(carry, ci, 0);
        put(dgi, gi + j, dpre);
        put(dgh, gi + j, dpre);
      }
    }
  }
}
