// The WebAssembly backend as a whole: whole training steps against the CPU reference (the
// models of test/gpu/models.ts, as the WebGPU twins), the same losses and weights on every run
// for a given thread count (1 and 2, every split kernel split), and the fallback to the
// reference backend with a message where the module cannot run.

import { strict as assert } from 'node:assert';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { createWasmBackend, WasmBackend } from '../../../src/engine/backends/wasm';
import { buildWasm } from '../../../scripts/build-wasm.mjs';
import { losses, MODELS, STEPS } from '../../gpu/models';

async function wasm(threads: number): Promise<WasmBackend> {
  const made = await createWasmBackend({ threads, splitMinWork: 0 });
  assert.ok(made.backend instanceof WasmBackend, `fell back: ${made.note}`);
  return made.backend;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('WebAssembly backend: training steps, determinism, fallback', function () {
  this.timeout(120000);
  before(() => buildWasm({ log: () => {} }));

  for (const model of MODELS) {
    it(`${model.name}: ${STEPS} step losses within 1e-3 of the CPU; the same bits on every run of 1 and of 2 threads`, async () => {
      const ref = await losses(new CpuBackend(), model, 3);
      const runs: { threads: number; losses: number[]; params: Float32Array }[] = [];
      for (const threads of [1, 1, 2, 2]) {
        const be = await wasm(threads);
        try {
          runs.push({ threads, ...(await losses(be, model, 3)) });
        } finally {
          be.dispose();
        }
      }
      const got = runs[0]!;
      const rel = ref.losses.map((l, i) => Math.abs(got.losses[i]! - l) / Math.max(Math.abs(l), 1e-6));
      assert.ok(Math.max(...rel) < 1e-3, `cpu ${ref.losses.join(' ')}\nwasm ${got.losses.join(' ')}`);
      assert.notEqual(ref.losses[0], ref.losses[STEPS - 1]);
      for (const [a, b] of [
        [runs[0]!, runs[1]!],
        [runs[2]!, runs[3]!],
      ] as const) {
        assert.deepEqual(a.losses, b.losses, `${a.threads} thread(s): losses differ between runs`);
        assert.ok(sameBits(a.params, b.params), `${a.threads} thread(s): weights differ between runs`);
      }
      // Splits are over output rows and samples only, so the count does not change a sum's order.
      assert.ok(sameBits(runs[0]!.params, runs[2]!.params), '1 and 2 threads trained different weights');
    });
  }

  it('labels itself with its SIMD flavour and thread count', async () => {
    const be = await wasm(2);
    try {
      assert.match(be.label, /^CPU \(WebAssembly SIMD(, relaxed)?\) · 2 threads$/);
      assert.equal(be.threads, 2);
    } finally {
      be.dispose();
    }
  });

  it('falls back to the reference backend, with the reason, when the module fails to instantiate', async () => {
    const junk = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 255]);
    const made = await createWasmBackend({ threads: 2, bytes: { simd: junk, relaxed: junk }, validate: () => true });
    assert.ok(made.backend instanceof CpuBackend);
    assert.match(made.note ?? '', /failed to compile.*reference CPU backend/);
    assert.match(made.label, /reference/);
  });

  it('falls back to the reference backend when the runtime has no SIMD', async () => {
    const made = await createWasmBackend({ threads: 2, validate: () => false });
    assert.ok(made.backend instanceof CpuBackend);
    assert.match(made.note ?? '', /no WebAssembly SIMD/);
    // ...and the reference backend it returns trains (the fallback is a backend, not a crash).
    const run = await losses(made.backend, MODELS[0]!, 3);
    assert.ok(run.losses.every(Number.isFinite));
  });
});
