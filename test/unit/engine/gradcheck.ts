// Gradient check: the plan's backward pass against central finite differences of its forward
// pass, both run by the CPU kernels on Float64Array (so the differences are exact to ~1e-9).

import type { Graph } from '../../../src/graph/ir';
import type { LossSpec } from '../../../src/graph/train-config';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { Rng } from '../../../src/engine/rng';

export interface GradCheckResult {
  /** Worst |analytic - numeric| / (atol + rtol * |numeric|) over checked entries; <= 1 passes. */
  readonly worst: number;
  readonly where: string;
  readonly checked: number;
}

const SGD = { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 } as const;

export function gradCheck(
  graph: Graph,
  loss: LossSpec,
  batch: number,
  opts: {
    seed?: number;
    classes?: number;
    maxPerTensor?: number;
    fuse?: boolean;
    /** Overrides target i (per-token cases: IGNORE_INDEX at padded positions). */
    target?: (i: number, drawn: number) => number;
    /** Overrides input value i (token ids 0 where a mask is read); such inputs are not perturbed. */
    input?: (i: number, drawn: number) => number;
    /** Token ids 0..tokens-1 as the input (no input gradient). */
    tokens?: number;
    /** Entries whose gradient is zero by definition (an embedding's padding row): checked to be 0. */
    frozen?: { name: string; from: number; to: number };
  } = {},
): GradCheckResult {
  const plan = compilePlan(graph, {
    maxBatch: batch,
    loss,
    optimizer: SGD,
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
    inputGrad: !opts.input && !opts.tokens, // token ids have no gradient
    fuse: opts.fuse ?? true,
  });
  const be = new CpuBackend({ dtype: 'f64' });
  const exe = new Executable(plan, be);
  const rng = new Rng(opts.seed ?? 1);
  // Random parameters (biases and scales too, so no gradient hides behind a zero).
  const params = be.view(exe.handle(plan.paramsBuffer));
  for (const e of plan.params) {
    if (!e.trainable) continue;
    const isScale = e.name.endsWith('.weight') && e.shape.length === 1;
    for (let i = 0; i < e.size; i++) params[e.offset + i] = (isScale ? 1 : 0) + 0.5 * rng.normal();
  }
  const state = be.view(exe.handle(plan.stateBuffer));
  for (const e of plan.params)
    if (!e.trainable)
      for (let i = 0; i < e.size; i++) state[e.offset + i] = e.name.endsWith('var') ? 0.5 + rng.uniform() : 0.2 * rng.normal();
  const x = be.view(exe.handle(plan.x));
  for (let i = 0; i < batch * plan.inputLen; i++) x[i] = opts.tokens ? rng.int(opts.tokens) : 2 * rng.uniform() - 1;
  if (opts.input) for (let i = 0; i < batch * plan.inputLen; i++) x[i] = opts.input(i, x[i]!);
  const t = be.view(exe.handle(plan.target));
  for (let i = 0; i < batch * plan.targetLen; i++) {
    t[i] =
      loss.kind === 'cross_entropy'
        ? rng.int(opts.classes ?? plan.outputLen / plan.targetLen)
        : loss.kind === 'binary_cross_entropy'
          ? rng.uniform()
          : rng.normal();
    if (opts.target) t[i] = opts.target(i, t[i]!);
  }

  const rt = newRuntime();
  rt.n = batch;
  rt.seed = 42;
  exe.forward.run(rt);
  exe.backward.run(rt);
  const log = be.view(exe.handle(plan.lossLog));
  const lossAt = (): number => (exe.forward.run(rt), log[0]!);

  const tensors: { name: string; data: Float32Array; offset: number; size: number; grad: Float32Array; gOff: number }[] = [];
  const grads = be.view(exe.handle(plan.gradsBuffer));
  for (const e of plan.params) {
    if (e.trainable) tensors.push({ name: e.name, data: params, offset: e.offset, size: e.size, grad: grads, gOff: e.offset });
  }
  if (plan.inputGrad !== null)
    tensors.push({ name: 'input', data: x, offset: 0, size: batch * plan.inputLen, grad: be.view(exe.handle(plan.inputGrad)), gOff: 0 });
  const analytic = tensors.map((tn) => Float64Array.from(tn.grad.subarray(tn.gOff, tn.gOff + tn.size)));

  const h = 1e-6,
    atol = 1e-7,
    rtol = 1e-5;
  let worst = 0,
    where = '',
    checked = 0;
  const cap = opts.maxPerTensor ?? 24;
  tensors.forEach((tn, ti) => {
    const step = Math.max(1, Math.floor(tn.size / cap));
    const fz = opts.frozen?.name === tn.name ? opts.frozen : null;
    for (let i = 0; i < tn.size; i += step) {
      if (fz && i >= fz.from && i < fz.to) {
        checked++;
        if (analytic[ti]![i] !== 0) [worst, where] = [Infinity, `${tn.name}[${i}]: ${analytic[ti]![i]}, want 0 (frozen)`];
        continue;
      }
      const k = tn.offset + i,
        v = tn.data[k]!;
      tn.data[k] = v + h;
      const lp = lossAt();
      tn.data[k] = v - h;
      const lm = lossAt();
      tn.data[k] = v;
      const num = (lp - lm) / (2 * h),
        ana = analytic[ti]![i]!;
      const err = Math.abs(ana - num) / (atol + rtol * Math.abs(num));
      checked++;
      if (err > worst) {
        worst = err;
        where = `${tn.name}[${i}]: analytic ${ana}, numeric ${num}`;
      }
    }
  });
  return { worst, where, checked };
}
