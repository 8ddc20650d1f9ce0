// The fake-quant gradient against finite differences. Rounding's derivative is 0 almost
// everywhere, so the straight-through gradient is a definition, not a derivative: it is the
// derivative of the surrogate S(v) = clamp(v, lo, hi) + (Q(v0) - clamp(v0, lo, hi)), whose value
// at v0 is the quantizer's and whose slope is 1 inside the range and 0 outside (lo, hi: the values
// whose grid index rounds to qmin and qmax, ±half a step past the grid's ends, as PyTorch's mask).
// The reference is a plain f64 model of a quantized dense layer with every quantizer replaced by
// its surrogate, differenced centrally; the analytic gradient is the engine's backward pass of the
// quantized graph. Every checked value sits at least a tenth of a step from a rounding boundary
// and from the clamp's edges: there the surrogate's corner (and, for the engine, the step itself)
// would make a difference quotient across it meaningless. Backend-neutral: the GPU test reuses it.

import type { Backend } from '../../../src/engine/backend';
import { newRuntime } from '../../../src/engine/backend';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { quantizeGraph } from '../../../src/engine/quant/graph';
import { Rng } from '../../../src/engine/rng';
import { GraphBuilder } from '../../../src/lang/test-graph';

const B = 3,
  IN = 6,
  OUT = 4;
const SGD = { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 } as const;

interface Grid {
  readonly s: number;
  readonly zp: number;
  readonly qmin: number;
  readonly qmax: number;
}
const A: Grid = { s: 0.05, zp: 128, qmin: 0, qmax: 255 }; // input: [-6.4, 6.35]
const W: Grid = { s: 0.01, zp: 0, qmin: -127, qmax: 127 }; // weights: ±1.27
const O: Grid = { s: 0.02, zp: 128, qmin: 0, qmax: 255 }; // logits: [-2.56, 2.54]
// The bias: int32 on the grid of input scale × weight scale (its clamp never binds).
const BIAS: Grid = { s: Math.fround(Math.fround(A.s) * Math.fround(W.s)), zp: 0, qmin: -2147483648, qmax: 2147483647 };

const rint = (v: number) => {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
const quant = (v: number, g: Grid) => (Math.min(g.qmax, Math.max(g.qmin, rint(v / g.s) + g.zp)) - g.zp) * g.s;
const edges = (g: Grid) => [(g.qmin - 0.5 - g.zp) * g.s, (g.qmax + 0.5 - g.zp) * g.s] as const;
const clampTo = (v: number, g: Grid) => Math.min(edges(g)[1], Math.max(edges(g)[0], v));
/** The surrogate of quantizer g frozen at v0. */
const surrogate = (g: Grid, v0: number) => {
  const off = quant(v0, g) - clampTo(v0, g);
  return (v: number) => clampTo(v, g) + off;
};
/** A value at least a tenth of a step from a rounding boundary and from the clamp's edges. */
function awayFromSteps(v: number, g: Grid): number {
  const frac = v / g.s - Math.floor(v / g.s);
  return Math.fround(Math.abs(frac - 0.5) < 0.1 ? v + 0.2 * g.s : v); // f32: the engine's buffers hold these exactly
}

export interface SteCheck {
  readonly worst: number;
  readonly where: string;
  readonly checked: number;
  /** Entries outside a clamp range whose analytic gradient is 0, as it must be. */
  readonly zeroOutside: number;
}

export async function steGradCheck(be: Backend, tol = { atol: 1e-7, rtol: 1e-5 }): Promise<SteCheck> {
  const q = quantizeGraph(new GraphBuilder([IN]).dense(OUT).build('q'));
  const plan = compilePlan(q.graph, {
    maxBatch: B,
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: SGD,
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
    inputGrad: true,
  });
  const exe = new Executable(plan, be);
  const rng = new Rng(3);
  // Inputs mostly inside the input grid, two past its ends; weights partly past ±1.27.
  const x = Float64Array.from({ length: B * IN }, (_, i) => awayFromSteps(i === 2 ? 7.3 : i === 9 ? -8.1 : 2 * rng.normal(), A));
  const w = Float64Array.from({ length: IN * OUT }, () => awayFromSteps(0.9 * rng.normal(), W));
  const b = Float64Array.from({ length: OUT }, () => awayFromSteps(0.3 * rng.normal(), BIAS));
  const t = Float64Array.from({ length: B }, () => rng.int(OUT));
  const entry = (name: string) => plan.params.find((e) => e.name === name)!;
  const params = new Float32Array(plan.buffers[plan.paramsBuffer]!.size),
    state = new Float32Array(plan.buffers[plan.stateBuffer]!.size);
  params.set(w, entry('dense_1.weight').offset);
  params.set(b, entry('dense_1.bias').offset);
  const grid = (g: Grid, c: number) => [...Array<number>(c).fill(g.s), ...Array<number>(c).fill(g.zp)];
  state.set(grid(A, 1), entry('dense_1.input.quant').offset);
  state.set(grid(W, OUT), entry('dense_1.weight.quant').offset);
  state.set(grid(O, 1), entry('output.quant').offset);
  state.set(grid(BIAS, OUT), entry('dense_1.bias.quant').offset);
  exe.writeWeights({ params, state });
  exe.writeBatch(Float32Array.from(x), Float32Array.from(t));
  const rt = newRuntime();
  rt.n = B;
  exe.forward.run(rt);
  exe.backward.run(rt);
  const grads = await be.read(exe.handle(plan.gradsBuffer));
  const dx = await be.read(exe.handle(plan.inputGrad!), 0, B * IN);

  // The surrogate model, frozen at (x, w, b); the logits' offsets are frozen at the logits of (x, w, b).
  const sx = Array.from(x, (v) => surrogate(A, v)),
    sw = Array.from(w, (v) => surrogate(W, v)),
    sb = Array.from(b, (v) => surrogate(BIAS, v));
  const logits = (xs: Float64Array, ws: Float64Array, bs: Float64Array, f: { x: typeof sx; w: typeof sw; b: typeof sb }) =>
    Array.from({ length: B * OUT }, (_, k) => {
      const r = Math.floor(k / OUT),
        n = k % OUT;
      let z = f.b[n]!(bs[n]!);
      for (let i = 0; i < IN; i++) z += f.x[r * IN + i]!(xs[r * IN + i]!) * f.w[i * OUT + n]!(ws[i * OUT + n]!);
      return z;
    });
  const z0 = logits(x, w, b, { x: sx, w: sw, b: sb });
  const so = z0.map((v) => surrogate(O, v));
  const loss = (xs: Float64Array, ws: Float64Array, bs: Float64Array) => {
    const z = logits(xs, ws, bs, { x: sx, w: sw, b: sb }).map((v, k) => so[k]!(v));
    let l = 0;
    for (let r = 0; r < B; r++) {
      const row = z.slice(r * OUT, (r + 1) * OUT),
        m = Math.max(...row);
      l += m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[t[r]!]!;
    }
    return l / B;
  };
  const outside = (v: number, g: Grid) => v < edges(g)[0] || v > edges(g)[1];
  let worst = 0,
    where = '',
    checked = 0,
    zeroOutside = 0;
  const h = 1e-6;
  const check = (name: string, data: Float64Array, analytic: (i: number) => number, g: Grid) => {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      data[i] = v + h;
      const lp = loss(x, w, b);
      data[i] = v - h;
      const lm = loss(x, w, b);
      data[i] = v;
      const num = (lp - lm) / (2 * h),
        ana = analytic(i);
      if (outside(v, g) && ana === 0) zeroOutside++;
      const err = Math.abs(ana - num) / (tol.atol + tol.rtol * Math.abs(num));
      checked++;
      if (err > worst) [worst, where] = [err, `${name}[${i}] = ${v}: analytic ${ana}, numeric ${num}`];
    }
  };
  check('input', x, (i) => dx[i]!, A);
  check('dense_1.weight', w, (i) => grads[entry('dense_1.weight').offset + i]!, W);
  check('dense_1.bias', b, (i) => grads[entry('dense_1.bias').offset + i]!, BIAS);
  be.dispose();
  return { worst, where, checked, zeroOutside };
}
