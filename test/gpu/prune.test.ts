// Pruning on WebGPU: the mask_apply twin keeps every pruned weight exactly 0 through each
// optimizer's steps (the same runs as the CPU unit test, test/unit/engine/prune.test.ts).

import { strict as assert } from 'node:assert';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { deviceOrSkip } from './dawn';
import { PRUNABLE, PRUNE_OPTIMIZERS, prunedRun, zerosOf } from './prune-cases';

describe('WebGPU pruning: masks survive every optimizer', function () {
  this.timeout(120_000);
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());

  for (const [name, optimizer] of PRUNE_OPTIMIZERS) {
    it(`${name}: exactly half the weights 0 after the schedule`, async () => {
      const gpu = new WebGpuBackend(device);
      try {
        const end = await prunedRun(gpu, optimizer);
        assert.equal(end.status, 'completed');
        assert.equal(zerosOf(end), PRUNABLE / 2);
        assert.ok(Number.isFinite(end.final.val_loss));
      } finally {
        gpu.dispose();
      }
    });
  }
});
