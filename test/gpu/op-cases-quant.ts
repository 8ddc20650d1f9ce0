// The fake-quant kernels' conformance cases (op-cases.ts calls this with its `add`): a weight's
// per-channel int8 grid (unbatched) and an activation's per-tensor uint8 grid (batched).

import type { Rng } from '../../src/engine/rng';
import type { AddCase, TOL as Tols } from './op-cases';

export function quantCases(add: AddCase, TOL: typeof Tols, MAXN: number): void {
  // Fake quantization: c scales in [0.05, 0.2] then c zero points; x stretched past the grid's ends
  // so both the clamp and the straight-through gradient's zeros are exercised.
  const qgrid = (c: number, zp: number) => (a: Float32Array[], rng: Rng) => {
    for (let i = 0; i < a[0]!.length; i++) a[0]![i] *= 40;
    for (let ch = 0; ch < c; ch++) {
      a[1]![ch] = 0.05 + 0.15 * rng.uniform();
      a[1]![c + ch] = zp;
    }
  };
  const QW = { len: 24, c: 4, inner: 6, qmin: -127, qmax: 127 };
  add('fake_quant_fwd', 'int8 per channel', [24, 8, 24], QW, TOL.elementwise, qgrid(4, 0));
  add('fake_quant_bwd', 'int8 per channel', [24, 8, 24, 24], QW, TOL.exact, qgrid(4, 0));
  const QA = { len: 30, c: 1, inner: 30, qmin: 0, qmax: 255, batched: 1 };
  add('fake_quant_fwd', 'uint8 per tensor, batched', [MAXN * 30, 2, MAXN * 30], QA, TOL.elementwise, qgrid(1, 128));
  add('fake_quant_bwd', 'uint8 per tensor, batched', [MAXN * 30, 2, MAXN * 30, MAXN * 30], QA, TOL.exact, qgrid(1, 128));
}
