// The grids of the quantizers (graph.ts): a weight's per-output-channel symmetric int8 scales
// (PyTorch's per_channel_symmetric with the restricted range [-127, 127], which is also
// onnxruntime's symmetric int8: scale = max|w| / 127, zero point 0), and an activation's
// asymmetric uint8 scale and zero point from a calibrated range, as onnxruntime's compute_scale_zp
// computes them (the range stretched to hold 0, so 0 is exact: zero padding and ReLU's zeros).
// Scales are f32, as ONNX stores them.

import { rint } from '../backends/cpu/quant';
import { ACTIVATION_RANGE, WEIGHT_RANGE } from './graph';

/** A grid [2, C]: C scales then C zero points. An all-zero channel (pruned) gets scale 1. */
export function weightGrid(w: Float32Array, shape: readonly number[], axis: number): Float32Array {
  const c = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const max = new Float64Array(c);
  for (let i = 0; i < w.length; i++) {
    const ch = Math.floor(i / inner) % c;
    max[ch] = Math.max(max[ch]!, Math.abs(w[i]!));
  }
  const grid = new Float32Array(2 * c);
  for (let ch = 0; ch < c; ch++) grid[ch] = max[ch]! > 0 ? max[ch]! / WEIGHT_RANGE.qmax : 1;
  return grid;
}

/** A per-tensor uint8 grid [2, 1] for values in [lo, hi]. */
export function activationGrid(lo: number, hi: number): Float32Array {
  const { qmin, qmax } = ACTIVATION_RANGE;
  const rmin = Math.min(lo, 0),
    rmax = Math.max(hi, 0);
  const scale = Math.fround((rmax - rmin) / (qmax - qmin));
  if (!(scale > 0)) return Float32Array.of(1, 0);
  const zp = Math.min(qmax, Math.max(qmin, rint(qmin - rmin / scale)));
  return Float32Array.of(scale, zp);
}
