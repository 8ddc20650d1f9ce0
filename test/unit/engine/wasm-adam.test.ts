// The WebAssembly Adam (kernels/optim.ts: two parameters at a time in f64x2 lanes) gives the CPU
// reference's bits, not only its tolerance: each lane does the scalar f64 loop's operations in its
// order. The conformance table's Adam and amsgrad cases, at 300 parameters and at 301 (a scalar
// tail), with the tolerance set to exact.
import { strict as assert } from 'node:assert';
import { createWasmBackend, WasmBackend } from '../../../src/engine/backends/wasm';
import { buildWasm } from '../../../scripts/build-wasm.mjs';
import { caseError } from '../../gpu/harness';
import { OP_CASES, TOL, type OpCase } from '../../gpu/op-cases';

/** A case at `len` parameters: every argument but the last (the gradient norm) resized. */
function resized(c: OpCase, len: number): OpCase {
  const sizes = c.sizes.map((s, i) => (i === c.sizes.length - 1 ? s : len));
  return { ...c, name: `${c.name}, ${len} parameters`, sizes, p: { ...c.p, len }, tol: TOL.exact } as OpCase;
}

describe('WebAssembly Adam: the reference bit for bit', function () {
  this.timeout(60000);
  let be: WasmBackend;
  before(async () => {
    await buildWasm({ log: () => {} });
    const made = await createWasmBackend({ threads: 2, splitMinWork: 0 });
    assert.ok(made.backend instanceof WasmBackend, `fell back: ${made.note}`);
    be = made.backend;
  });
  after(() => be?.dispose());

  const cases = OP_CASES.filter((c) => c.kernel === 'adam' || c.kernel === 'amsgrad');
  it('has the table’s Adam and amsgrad cases', () => assert.equal(cases.length, 6));
  for (const c of cases)
    for (const len of [300, 301])
      it(`${c.kernel}: ${c.name}, ${len} parameters`, async () => {
        const k = resized(c, len);
        for (const layout of ['separate', 'packed'] as const) assert.equal(await caseError(be, k, layout), null);
      });
});
