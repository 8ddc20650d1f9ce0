// Whole training steps on WebGPU against the CPU backend: the engine's plan compiler turns a
// small model into forward / backward / update programs, both backends start from the same
// weights and see the same batches, and the per-step losses must agree within 1e-3 relative
// over 20 steps (the last batch of each window is partial, as at an epoch's end). Losses are
// read the way the trainer reads them: the loss log, every 16 steps, asynchronously.

import { strict as assert } from 'node:assert';
import { newRuntime } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { initialWeights } from '../../src/engine/init';
import { compilePlan } from '../../src/engine/plan/compile';
import { Executable } from '../../src/engine/plan/executable';
import { backendPerTest } from './dawn';
import { BATCH, losses, MODELS, STEPS } from './models';
import { assertStepsAgree } from './steps-agree';

describe('WebGPU training steps (vs the CPU backend)', function () {
  const t = backendPerTest();

  for (const model of MODELS) {
    it(`${model.name}: ${STEPS} step losses within 1e-3`, async () => {
      const cpu = await losses(new CpuBackend(), model, 3);
      const web = await losses(t.gpu, model, 3);
      await t.gpu.ready();
      assertStepsAgree(cpu.losses, web.losses);
    });
  }

  for (const model of [MODELS[0]!, MODELS.find((m) => m.name.startsWith('GPT'))!, MODELS.find((m) => m.name.startsWith('LSTM'))!])
    it(`records a training step as one submit: ${model.name.split(',')[0]}`, async () => {
      const plan = compilePlan(model.graph(), { maxBatch: BATCH, ...model.opts });
      const exe = new Executable(plan, t.gpu);
      exe.writeWeights(exe.flat(initialWeights(plan.params, 1)));
      const rt = Object.assign(newRuntime(), { n: BATCH, step: 1, lr: 0.01 });
      const before = t.gpu.submits;
      exe.writeBatch(new Float32Array(BATCH * plan.inputLen), new Float32Array(BATCH));
      exe.trainStep(rt);
      exe.trainStep(Object.assign(rt, { step: 2, lossSlot: 1 }));
      await t.gpu.read(exe.handle(plan.lossLog), 0, 2);
      // Two steps recorded back to back, plus the read's copy: one command buffer.
      assert.equal(t.gpu.submits - before, 1);
    });
});
