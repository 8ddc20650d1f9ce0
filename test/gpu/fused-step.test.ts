// Whole training steps with this backend's own kernels forced on (fused attention,
// kernels/flash.ts; workgroup-per-row softmax and cross-entropy, kernels/rows.ts) against the
// CPU backend, as training-step.test.ts does for the table's kernels: 20 steps, losses within
// 1e-3 relative (and the trained weights under SGD). lavapipe is a software adapter, where both are off
// by default. The models' attention has no dropout (dropout on the weights is not fused), and
// the language model's vocabulary of 300 makes its per-token cross-entropy rows long ones.

import { strict as assert } from 'node:assert';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { fuseAttention } from '../../src/engine/backends/webgpu/fuse-attention';
import { compilePlan } from '../../src/engine/plan/compile';
import { deviceOrSkip } from './dawn';
import { BATCH, losses, STEPS } from './models';
import { FUSED_MODELS } from './models-fused';

describe('WebGPU training steps with the fused and long-row kernels forced (vs the CPU backend)', function () {
  let device: GPUDevice;
  let gpu: WebGpuBackend;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  beforeEach(() => {
    gpu = new WebGpuBackend(device);
    gpu.kernels = { rows: 'on', attention: 'on' };
  });
  afterEach(() => gpu?.dispose());
  after(() => device?.destroy());

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
      const web = await losses(gpu, model, 3);
      await gpu.ready();
      assert.equal(web.losses.length, STEPS);
      const rel = cpu.losses.map((l, i) => Math.abs(web.losses[i]! - l) / Math.max(Math.abs(l), 1e-6));
      const worst = Math.max(...rel);
      assert.ok(
        worst < 1e-3,
        `worst relative loss difference ${worst.toExponential(2)} at step ${rel.indexOf(worst) + 1}\n` +
          `cpu ${cpu.losses.map((l) => l.toFixed(5)).join(' ')}\ngpu ${web.losses.map((l) => l.toFixed(5)).join(' ')}`,
      );
      assert.notEqual(cpu.losses[0], cpu.losses[STEPS - 1]);
      // Adam's update is ~lr whatever a gradient's size, so a weight whose gradient is near zero
      // can differ by lr from rounding alone: the weights are compared under SGD only.
      if (model.opts.optimizer.kind === 'sgd') {
        const dw = Math.max(...cpu.params.map((w, i) => Math.abs(web.params[i]! - w)));
        assert.ok(dw < 1e-4, `largest weight difference ${dw.toExponential(2)}`);
      }
    });
  }
});
