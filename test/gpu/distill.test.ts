// Distillation on WebGPU: the PyTorch goldens' 20 step losses (the same runs as the CPU unit
// test), within the 1e-3 the other WebGPU training steps are held to.

import { strict as assert } from 'node:assert';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { deviceOrSkip } from './dawn';
import { DISTILL_GOLDENS, distillLosses, readGolden } from './distill-cases';

describe('WebGPU distillation: PyTorch goldens', function () {
  this.timeout(120_000);
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());

  it('the goldens folder holds goldens', () => assert.ok(DISTILL_GOLDENS.length >= 3));
  for (const file of DISTILL_GOLDENS)
    it(`${file.replace('.json', '')}: 20 step losses within 1e-3 relative`, async () => {
      const g = readGolden(file);
      const gpu = new WebGpuBackend(device);
      try {
        const got = await distillLosses(gpu, g);
        assert.equal(got.length, g.losses.length);
        got.forEach((l, i) =>
          assert.ok(Math.abs(l - g.losses[i]!) <= 1e-3 * Math.abs(g.losses[i]!), `step ${i + 1}: ${l} vs ${g.losses[i]}`),
        );
      } finally {
        gpu.dispose();
      }
    });
});
