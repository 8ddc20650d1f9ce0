// Fake quantization (kernels/contract.ts `fake_quant_*`): quantize-dequantize on a per-channel
// grid, and its straight-through gradient. Division by the scale (not a product with its inverse)
// and rounding half to even are ONNX QuantizeLinear's definition, so the engine's simulation and
// onnxruntime's int8 model round the same values the same way.

import type { Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;

/** Round half to even (WGSL's round, C's nearbyint), on a value already rounded to f32. */
export function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The unclamped grid index of x: rint(x / scale) + zp, the division in f32 as on the GPU. */
export function gridIndex(x: number, scale: number, zp: number): number {
  return rint(Math.fround(x / scale)) + zp;
}

/** One value through the quantizer: the grid point nearest x inside [qmin, qmax]. */
export function fakeQuant(x: number, scale: number, zp: number, qmin: number, qmax: number): number {
  const q = Math.min(qmax, Math.max(qmin, gridIndex(x, scale, zp)));
  return Math.fround((q - zp) * scale);
}

const total = (p: { len: number; batched?: number }, rt: Runtime) => (p.batched ? p.len * rt.n : p.len);

export function fakeQuantFwd([x, qp, y]: ArgsOf<'fake_quant_fwd', F>, p: ParamsOf<'fake_quant_fwd'>, rt: Runtime): void {
  const n = total(p, rt);
  for (let i = 0; i < n; i++) {
    const ch = Math.floor(i / p.inner) % p.c;
    y![i] = fakeQuant(x![i]!, qp![ch]!, qp![p.c + ch]!, p.qmin, p.qmax);
  }
}

export function fakeQuantBwd([x, qp, dy, dx]: ArgsOf<'fake_quant_bwd', F>, p: ParamsOf<'fake_quant_bwd'>, rt: Runtime): void {
  const n = total(p, rt);
  for (let i = 0; i < n; i++) {
    const ch = Math.floor(i / p.inner) % p.c;
    const q = gridIndex(x![i]!, qp![ch]!, qp![p.c + ch]!);
    dx![i] = q >= p.qmin && q <= p.qmax ? dy![i]! : 0;
  }
}

export const QUANT_KERNELS = { fake_quant_fwd: fakeQuantFwd, fake_quant_bwd: fakeQuantBwd };
