// Whole training steps on WebGPU against the CPU backend: the engine's plan compiler turns a
// small model into forward / backward / update programs, both backends start from the same
// weights and see the same batches, and the per-step losses must agree within 1e-3 relative
// over 20 steps (the last batch of each window is partial, as at an epoch's end). Losses are
// read the way the trainer reads them: the loss log, every 16 steps, asynchronously.

import { strict as assert } from 'node:assert';
import { newRuntime } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { initialWeights } from '../../src/engine/init';
import { compilePlan } from '../../src/engine/plan/compile';
import { Executable } from '../../src/engine/plan/executable';
import { deviceOrSkip } from './dawn';
import { BATCH, losses, MODELS, STEPS } from './models';

describe('WebGPU training steps (vs the CPU backend)', function () {
  let gpu: WebGpuBackend;
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  beforeEach(() => {
    gpu = new WebGpuBackend(device);
  });
  afterEach(() => gpu?.dispose());
  after(() => device?.destroy());

  for (const model of MODELS) {
    it(`${model.name}: ${STEPS} step losses within 1e-3`, async () => {
      const cpu = await losses(new CpuBackend(), model, 3);
      const web = await losses(gpu, model, 3);
      await gpu.ready();
      assert.equal(web.losses.length, STEPS);
      const rel = cpu.losses.map((l, i) => Math.abs(web.losses[i]! - l) / Math.max(Math.abs(l), 1e-6));
      const worst = Math.max(...rel);
      assert.ok(cpu.losses.every(Number.isFinite), 'CPU losses finite');
      assert.ok(
        worst < 1e-3,
        `worst relative loss difference ${worst.toExponential(2)} at step ${rel.indexOf(worst) + 1}\n` +
          `cpu ${cpu.losses.map((l) => l.toFixed(5)).join(' ')}\n` +
          `gpu ${web.losses.map((l) => l.toFixed(5)).join(' ')}`,
      );
      // The loss moved: the steps trained something (not twenty copies of one forward pass).
      assert.notEqual(cpu.losses[0], cpu.losses[STEPS - 1]);
    });
  }

  for (const model of [MODELS[0]!, MODELS.find((m) => m.name.startsWith('GPT'))!, MODELS.find((m) => m.name.startsWith('LSTM'))!])
    it(`records a training step as one submit: ${model.name.split(',')[0]}`, async () => {
      const plan = compilePlan(model.graph(), { maxBatch: BATCH, ...model.opts });
      const exe = new Executable(plan, gpu);
      exe.writeWeights(exe.flat(initialWeights(plan.params, 1)));
      const rt = Object.assign(newRuntime(), { n: BATCH, step: 1, lr: 0.01 });
      const before = gpu.submits;
      exe.writeBatch(new Float32Array(BATCH * plan.inputLen), new Float32Array(BATCH));
      exe.trainStep(rt);
      exe.trainStep(Object.assign(rt, { step: 2, lossSlot: 1 }));
      await gpu.read(exe.handle(plan.lossLog), 0, 2);
      // Two steps recorded back to back, plus the read's copy: one command buffer.
      assert.equal(gpu.submits - before, 1);
    });
});
