// Every gemm variant (variants.ts) forced on, whatever the adapter, on every gemm case of the
// conformance table (op-cases.ts and op-cases-gemm.ts: odd sizes past the tiles, all transposes,
// batched and accumulating forms), both layouts, against the CPU backend. Here the adapters are
// lavapipe or SwiftShader, where the choice alone would only ever run the register kernel; the
// whole-step models of training-step.test.ts run on each new variant too.

import { strict as assert } from 'node:assert';
import type { KernelCall } from '../../src/engine/backend';
import { CONV_VARIANTS, GEMM_VARIANTS, WebGpuBackend } from '../../src/engine/backends/webgpu';
import { deviceOrSkip } from './dawn';
import { runCase } from './harness';
import { losses, MODELS, STEPS } from './models';
import { OP_CASES } from './op-cases';
import { CpuBackend } from '../../src/engine/backends/cpu';

describe('WebGPU gemm variants, each forced (vs the CPU backend)', function () {
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());
  const cases = OP_CASES.filter((c) => c.kernel === 'gemm');

  it('the table has the odd-size cases', () => assert.ok(cases.length >= 20, `${cases.length} gemm cases`));
  for (const v of GEMM_VARIANTS) {
    describe(v, () => {
      let gpu: WebGpuBackend;
      before(() => {
        gpu = new WebGpuBackend(device, false, { force: { gemm: v } });
      });
      after(() => gpu?.dispose());
      it('is the variant that runs', function () {
        if (v === 'splitk-sg' && !device.features.has('subgroups')) this.skip();
        const arg = (buffer: number) => ({ buffer, offset: 0, size: 4 });
        const call: KernelCall = { kernel: 'gemm', args: [arg(0), arg(1), arg(2)], p: { m: 2, n: 2, k: 2 } };
        assert.equal(gpu.kernelFor(call)?.label, v === 'reg4x4' ? 'gemm' : `gemm[${v}]`);
      });
      for (const c of cases) {
        it(c.name, async () => {
          await runCase(gpu, c, 'separate');
          await runCase(gpu, c, 'packed');
        });
      }
      if (v === 'reg4x4') return; // training-step.test.ts runs the models on it
      for (const model of MODELS) {
        it(`whole steps: ${model.name}`, async () => {
          const cpu = await losses(new CpuBackend(), model, 3);
          const web = await losses(gpu, model, 3);
          await gpu.ready();
          assert.equal(web.losses.length, STEPS);
          const rel = cpu.losses.map((l, i) => Math.abs(web.losses[i]! - l) / Math.max(Math.abs(l), 1e-6));
          assert.ok(Math.max(...rel) < 1e-3, `cpu ${cpu.losses.join(' ')}\ngpu ${web.losses.join(' ')}`);
        });
      }
    });
  }

  const convs = OP_CASES.filter((c) => c.kernel.startsWith('conv2d_'));
  for (const v of CONV_VARIANTS) {
    describe(`conv ${v}`, () => {
      let gpu: WebGpuBackend;
      before(() => {
        gpu = new WebGpuBackend(device, false, { force: { conv: v } });
      });
      after(() => gpu?.dispose());
      for (const c of convs) {
        it(`${c.kernel} ${c.name}`, async () => {
          await runCase(gpu, c, 'separate');
          await runCase(gpu, c, 'packed');
        });
      }
      if (v === 'direct') return;
      for (const model of MODELS.filter((m) => m.name.startsWith('CNN'))) {
        it(`whole steps: ${model.name}`, async () => {
          const cpu = await losses(new CpuBackend(), model, 3);
          const web = await losses(gpu, model, 3);
          await gpu.ready();
          const rel = cpu.losses.map((l, i) => Math.abs(web.losses[i]! - l) / Math.max(Math.abs(l), 1e-6));
          assert.ok(Math.max(...rel) < 1e-3, `cpu ${cpu.losses.join(' ')}\ngpu ${web.losses.join(' ')}`);
        });
      }
    });
  }
});
