// The WebAssembly GELU (kernels/gelu.ts: four f32 lanes, a polynomial exp) against the CPU
// reference's f64 formula over a dense sweep of [-12, 12], beyond the conformance table's few
// values in [-4, 4]: within the elementwise tolerance everywhere, and relatively close in the
// left tail, where GELU is tiny and a cancelling 1 + (erf - 1) would lose every digit.
import { strict as assert } from 'node:assert';
import type { KernelCall, Runtime } from '../../../src/engine/backend';
import { CPU_KERNELS } from '../../../src/engine/backends/cpu/kernels';
import { createWasmBackend, WasmBackend } from '../../../src/engine/backends/wasm';
import { ACT } from '../../../src/engine/kernels/codes';
import { buildWasm } from '../../../scripts/build-wasm.mjs';
import { TOL } from '../../gpu/op-cases';

const L = 48_001; // an odd length: the last thread's scalar tail too
const x = Float32Array.from({ length: L }, (_, i) => -12 + (24 * i) / (L - 1));
const dy = Float32Array.from({ length: L }, (_, i) => 1 + 0.01 * (i % 7));
const rt: Runtime = { n: 1, step: 1, lr: 0, seed: 0, lossSlot: 0 };

async function wasmGelu(be: WasmBackend, kernel: 'act_fwd' | 'act_bwd'): Promise<Float32Array> {
  const n = kernel === 'act_fwd' ? 2 : 4;
  const ids = Array.from({ length: n }, () => be.alloc(L));
  be.write(ids[0]!, x);
  if (kernel === 'act_bwd') be.write(ids[2]!, dy);
  const call = { kernel, args: ids.map((buffer) => ({ buffer, offset: 0, size: L })), p: { fn: ACT.gelu, alpha: 0, len: L } };
  be.compile([call as unknown as KernelCall]).run(rt);
  return be.read(ids[n - 1]!);
}

function reference(kernel: 'act_fwd' | 'act_bwd'): Float32Array {
  const out = new Float32Array(L);
  const p = { fn: ACT.gelu, alpha: 0, len: L };
  if (kernel === 'act_fwd') CPU_KERNELS.act_fwd([x, out], p, rt, undefined as never);
  else CPU_KERNELS.act_bwd([x, new Float32Array(L), dy, out], p, rt, undefined as never);
  return out;
}

for (const threads of [1, 2]) {
  describe(`WebAssembly GELU over [-12, 12], ${threads} thread${threads > 1 ? 's' : ''} (vs the CPU reference)`, function () {
    this.timeout(60000);
    let be: WasmBackend;
    before(async () => {
      await buildWasm({ log: () => {} });
      const made = await createWasmBackend({ threads, splitMinWork: 0 });
      assert.ok(made.backend instanceof WasmBackend, `fell back: ${made.note}`);
      be = made.backend;
    });
    after(() => be?.dispose());

    for (const kernel of ['act_fwd', 'act_bwd'] as const) {
      it(`${kernel}: within the elementwise tolerance everywhere, within 1e-4 relative in the left tail`, async () => {
        const got = await wasmGelu(be, kernel),
          want = reference(kernel);
        const { atol, rtol } = TOL.elementwise;
        for (let i = 0; i < L; i++) {
          const w = want[i]!,
            g = got[i]!;
          assert.ok(Math.abs(g - w) <= atol + rtol * Math.abs(w), `x ${x[i]}: ${g} against ${w}`);
          // x in [-7, -3]: GELU is -1e-11 .. -4e-3; its digits must survive, not only the absolute bound.
          if (x[i]! >= -7 && x[i]! <= -3) assert.ok(Math.abs(g - w) <= 1e-4 * Math.abs(w), `tail x ${x[i]}: ${g} against ${w}`);
        }
      });
    }
  });
}
