// Kernel conformance: every kernel of the contract (kernels/contract.ts), each case of
// op-cases.ts, run on WebGPU (Dawn) and compared buffer by buffer against the CPU backend (the
// executable specification). The table iterates the contract, so a kernel without a test case
// is a failing row, never a silently missing one (a missing twin is already a compile error). Each case runs twice: arguments in buffers of their own, and all
// arguments packed into ONE buffer at unaligned offsets (the plan's flat parameter buffer does
// that: one binding per buffer, offsets in the uniform block).

import { strict as assert } from 'node:assert';
import { CPU_KERNELS } from '../../src/engine/backends/cpu/kernels';
import { WGSL_KERNELS } from '../../src/engine/backends/webgpu';
import { KERNEL_NAMES } from '../../src/engine/kernels/contract';
import { backendPerSuite } from './dawn';
import { runCase } from './harness';
import { OP_CASES } from './op-cases';

describe('WebGPU kernel conformance (vs the CPU backend)', function () {
  const t = backendPerSuite();

  for (const kernel of KERNEL_NAMES) {
    describe(kernel, () => {
      const cases = OP_CASES.filter((c) => c.kernel === kernel);
      it('has a CPU kernel, a WGSL twin and a conformance case', () => {
        assert.ok(CPU_KERNELS[kernel], `no CPU kernel '${kernel}' in src/engine/backends/cpu/kernels.ts`);
        assert.ok(WGSL_KERNELS[kernel], `no WGSL kernel '${kernel}' in src/engine/backends/webgpu/kernels`);
        assert.ok(cases.length > 0, `no case for '${kernel}' in test/gpu/op-cases.ts`);
      });
      for (const c of cases) {
        it(`${c.name}`, async function () {
          if (!WGSL_KERNELS[kernel]) this.skip();
          await runCase(t.gpu, c, 'separate');
          await runCase(t.gpu, c, 'packed');
        });
      }
    });
  }

  it('both registries hold exactly the contract', () => {
    assert.deepEqual(Object.keys(WGSL_KERNELS).sort(), [...KERNEL_NAMES].sort());
    assert.deepEqual(Object.keys(CPU_KERNELS).sort(), [...KERNEL_NAMES].sort());
  });
});
