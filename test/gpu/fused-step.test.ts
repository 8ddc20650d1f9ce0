// Whole training steps with this backend's own kernels forced on (fused attention,
// kernels/flash.ts; workgroup-per-row softmax and cross-entropy, kernels/rows.ts) against the
// CPU backend, as training-step.test.ts does for the table's kernels: 20 steps, losses within
// 1e-3 relative (and the trained weights under SGD). lavapipe is a software adapter, where both are off
// by default. The models' attention has no dropout (dropout on the weights is not fused), and
// the language model's vocabulary of 300 makes its per-token cross-entropy rows long ones.

import { strict as assert } from 'node:assert';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { fuseAttention } from '../../src/engine/backends/webgpu/fuse-attention';
import { compilePlan } from '../../src/engine/plan/compile';
import { backendPerTest } from './dawn';
import { BATCH, losses, STEPS } from './models';
import { assertStepsAgree } from './steps-agree';
import { FUSED_MODELS } from './models-fused';

describe('WebGPU training steps with the fused and long-row kernels forced (vs the CPU backend)', function () {
  const t = backendPerTest((gpu) => (gpu.kernels = { rows: 'on', attention: 'on' }));

  for (const model of FUSED_MODELS) {
    it(`${model.name}: every attention fused, forward and backward`, () => {
      const plan = compilePlan(model.graph(), { maxBatch: BATCH, ...model.opts, fuse: true });
      const fused = new Map();
      const count = (calls: readonly { kernel: string }[], k: string) => calls.filter((c) => c.kernel === k).length;
      assert.equal(count(fuseAttention(plan.programs.forward, fused), 'flash_fwd'), model.attention);
      const backward = fuseAttention(plan.programs.backward, fused);
      assert.equal(count(backward, 'flash_bwd_q'), model.attention);
      assert.equal(count(backward, 'attn_scores_fwd'), 0, 'no recomputed scores');
    });

    it(`${model.name}: ${STEPS} step losses within 1e-3 (SGD: weights within 1e-4)`, async () => {
      const cpu = await losses(new CpuBackend(), model, 3);
      const web = await losses(t.gpu, model, 3);
      await t.gpu.ready();
      assertStepsAgree(cpu.losses, web.losses);
      // Adam's update is ~lr whatever a gradient's size, so a weight whose gradient is near zero
      // can differ by lr from rounding alone: the weights are compared under SGD only.
      if (model.opts.optimizer.kind === 'sgd') {
        const dw = Math.max(...cpu.params.map((w, i) => Math.abs(web.params[i]! - w)));
        assert.ok(dw < 1e-4, `largest weight difference ${dw.toExponential(2)}`);
      }
    });
  }
});
