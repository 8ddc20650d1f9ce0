// The masked gradient against finite differences of L(w ⊙ mask), on the CPU kernels in f64: a
// pruned plan's backward pass ends with the gradient mask, so a pruned weight's gradient is
// exactly 0 (L does not depend on it) and a kept weight's is the ordinary one at w ⊙ mask.

import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { layoutParams } from '../../../src/engine/plan/params';
import { Rng } from '../../../src/engine/rng';
import type { Graph } from '../../../src/graph/ir';
import { GraphBuilder } from '../../../src/lang/test-graph';

const SGD = { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 } as const;
const BATCH = 3;

function models(model: 'dense' | 'conv'): Graph {
  return model === 'dense'
    ? new GraphBuilder([6]).dense(5, 'tanh').dense(4).build('d')
    : new GraphBuilder([1, 5, 5]).conv2d(3, 3, { act: 'tanh' }).flatten().dense(4).build('c');
}

/** Runs forward and backward of a plan over the given weights; returns the gradients and the loss at any weights. */
function bind(graph: Graph, prune: boolean, fill: (params: Float32Array, mask: Float32Array | null) => void) {
  const plan = compilePlan(graph, {
    maxBatch: BATCH,
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: SGD,
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
    prune,
  });
  const be = new CpuBackend({ dtype: 'f64' });
  const exe = new Executable(plan, be);
  const rng = new Rng(5);
  const x = be.view(exe.handle(plan.x)),
    t = be.view(exe.handle(plan.target));
  for (let i = 0; i < BATCH * plan.inputLen; i++) x[i] = 2 * rng.uniform() - 1;
  for (let i = 0; i < BATCH; i++) t[i] = rng.int(4);
  const params = be.view(exe.handle(plan.paramsBuffer));
  fill(params, plan.pruneMask === null ? null : be.view(exe.handle(plan.pruneMask)));
  const rt = newRuntime();
  rt.n = BATCH;
  exe.forward.run(rt);
  exe.backward.run(rt);
  const grads = Float64Array.from(be.view(exe.handle(plan.gradsBuffer)));
  const log = be.view(exe.handle(plan.lossLog));
  return { plan, params, grads, lossAt: () => (exe.forward.run(rt), log[0]!) };
}

export function maskedGradCheck(model: 'dense' | 'conv'): { worst: number; where: string; checked: number; prunedWithGradient: number } {
  const graph = models(model);
  const rng = new Rng(11);
  let weights: Float64Array | null = null,
    maskOf: Float64Array | null = null;
  const fill = (params: Float32Array, mask: Float32Array | null) => {
    if (!weights) {
      weights = Float64Array.from(params, () => 0.6 * rng.normal());
      maskOf = Float64Array.from(params, () => (rng.uniform() < 0.5 ? 0 : 1));
    }
    params.set(weights);
    if (mask) mask.set(maskOf!.subarray(0, mask.length));
  };
  const decayEnd = layoutParams(graph).decayEnd;
  // The weights the loss sees: w ⊙ mask (what the trainer leaves in the buffer); the plain plan's gradient there.
  const masked = (params: Float32Array) => params.forEach((v, i) => (params[i] = i < decayEnd ? v * maskOf![i]! : v));
  const p = bind(graph, true, (params, mask) => (fill(params, mask), masked(params)));
  const m = maskOf as unknown as Float64Array; // set by the first fill
  const plain = bind(graph, false, (params) => (fill(params, null), masked(params)));
  const h = 1e-6,
    atol = 1e-7,
    rtol = 1e-5;
  let worst = 0,
    where = '',
    checked = 0,
    prunedWithGradient = 0;
  for (const e of p.plan.params.filter((e) => e.trainable)) {
    for (let i = e.offset; i < e.offset + e.size; i++) {
      let num = 0;
      if (i >= decayEnd || m[i] !== 0) {
        const v = p.params[i]!;
        p.params[i] = v + h;
        const lp = p.lossAt();
        p.params[i] = v - h;
        const lm = p.lossAt();
        p.params[i] = v;
        num = (lp - lm) / (2 * h);
      } else if (plain.grads[i] !== 0) prunedWithGradient++; // L(w ⊙ mask) does not depend on it: 0
      const err = Math.abs(p.grads[i]! - num) / (atol + rtol * Math.abs(num));
      checked++;
      if (err > worst) [worst, where] = [err, `${e.name}[${i - e.offset}]: analytic ${p.grads[i]}, numeric ${num}`];
    }
  }
  return { worst, where, checked, prunedWithGradient };
}
