// The WebAssembly backend's conformance table: every kernel of the contract, each case of
// test/gpu/op-cases.ts (the WGSL twins' table), run on the wasm backend and compared buffer by
// buffer against the CPU reference, in separate buffers and packed into one at odd offsets.
// Runs on 1 thread and on 2 with every split kernel split (splitMinWork 0), so the thread
// splits' edges are checked on the odd sizes. WASM_EXPECT=relaxed (set by the Node 24 run in
// wasm-relaxed.test.ts) asserts that the relaxed-SIMD build is the one under test.

import { strict as assert } from 'node:assert';
import { CPU_KERNELS } from '../../../src/engine/backends/cpu/kernels';
import { createWasmBackend, WasmBackend } from '../../../src/engine/backends/wasm';
import { WASM_KERNELS } from '../../../src/engine/backends/wasm/kernels';
import { KERNEL_NAMES } from '../../../src/engine/kernels/contract';
import { buildWasm } from '../../../scripts/build-wasm.mjs';
import { runCase } from '../../gpu/harness';
import { OP_CASES } from '../../gpu/op-cases';

for (const threads of [1, 2]) {
  describe(`WebAssembly kernel conformance, ${threads} thread${threads > 1 ? 's' : ''} (vs the CPU backend)`, function () {
    this.timeout(120000);
    let be: WasmBackend;
    before(async () => {
      await buildWasm({ log: () => {} });
      const made = await createWasmBackend({ threads, splitMinWork: 0 });
      assert.ok(made.backend instanceof WasmBackend, `fell back: ${made.note}`);
      be = made.backend;
      if (process.env.WASM_EXPECT === 'relaxed') assert.match(be.label, /relaxed/);
      else assert.doesNotMatch(be.label, /relaxed/, 'Node 20 has no relaxed SIMD: the probe must not pick it');
    });
    after(() => be?.dispose());

    for (const kernel of KERNEL_NAMES) {
      describe(kernel, () => {
        const cases = OP_CASES.filter((c) => c.kernel === kernel);
        it('has a wasm kernel and a conformance case', () => {
          assert.ok(WASM_KERNELS[kernel], `no wasm kernel '${kernel}' in src/engine/backends/wasm/kernels.ts`);
          assert.ok(cases.length > 0, `no case for '${kernel}' in test/gpu/op-cases.ts`);
        });
        for (const c of cases) {
          it(c.name, async () => {
            await runCase(be, c, 'separate');
            await runCase(be, c, 'packed');
          });
        }
      });
    }

    it('the registry holds exactly the contract', () => {
      assert.deepEqual(Object.keys(WASM_KERNELS).sort(), [...KERNEL_NAMES].sort());
      assert.deepEqual(Object.keys(CPU_KERNELS).sort(), [...KERNEL_NAMES].sort());
    });
  });
}
