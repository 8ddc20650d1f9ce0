// Quantization-aware training on WebGPU: the fake_quant twins' straight-through gradient against
// finite differences of the quantizers' surrogate (the CPU unit test's check, quant-gradcheck.ts),
// in f32 on the device against an f64 reference. The twins' values are the conformance table's
// (op-cases.ts `fake_quant_*`).

import { strict as assert } from 'node:assert';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { steGradCheck } from '../unit/engine/quant-gradcheck';
import { deviceOrSkip } from './dawn';

describe('WebGPU fake quantization: the straight-through gradient', function () {
  this.timeout(120_000);
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());

  it('matches finite differences of the surrogate away from the rounding steps (f32 on the device)', async () => {
    const r = await steGradCheck(new WebGpuBackend(device), { atol: 2e-5, rtol: 2e-3 });
    assert.ok(r.checked >= 40, `${r.checked} entries checked`);
    assert.ok(r.zeroOutside >= 3, `only ${r.zeroOutside} entries past a clamp`);
    assert.ok(r.worst <= 1, `worst ${r.worst.toFixed(2)} at ${r.where}`);
  });
});
