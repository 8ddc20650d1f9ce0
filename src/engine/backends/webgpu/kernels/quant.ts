// Fake quantization's WGSL twins (contract.ts `fake_quant_*`; CPU: backends/cpu/quant.ts).
// One invocation per element, like the elementwise family: a memory-bound pass. WGSL's round
// rounds half to even, as the CPU's rint and ONNX's QuantizeLinear do; the division is x / scale
// (QuantizeLinear's), not a product with a precomputed inverse.

import { type WgslFamily, perThread } from '../kernel';

const params = [
  { name: 'len', type: 'u32' },
  { name: 'c', type: 'u32' },
  { name: 'inner', type: 'u32' },
  { name: 'qmin', type: 'f32' },
  { name: 'qmax', type: 'f32' },
  { name: 'batched', type: 'u32', def: 0 },
] as const;

const TOTAL = 'select(u.len, u.len * rt.n, u.batched != 0u)';
const groups = (p: { len: number; batched?: number }, rt: { n: number }) => perThread(p.batched ? p.len * rt.n : p.len);
// The channel's scale and zero point, and the unclamped grid index of x.
const GRID = `
  if (idx >= ${TOTAL}) { return; }
  let ch = (idx / u.inner) % u.c;
  let s = qp[ch];
  let zp = qp[u.c + ch];
  let q = round(x[idx] / s) + zp;`;

export const QUANT: WgslFamily<'fake_quant_fwd' | 'fake_quant_bwd'> = {
  fake_quant_fwd: {
    writes: ['y'],
    params,
    body: `${GRID}
  y[idx] = (clamp(q, u.qmin, u.qmax) - zp) * s;`,
    groups,
  },
  fake_quant_bwd: {
    writes: ['dx'],
    params,
    body: `${GRID}
  dx[idx] = select(0.0, dy[idx], q >= u.qmin && q <= u.qmax);`,
    groups,
  },
};
