// The grids of the quantizers (graph.ts): a weight's per-output-channel symmetric int8 scales
// (PyTorch's per_channel_symmetric with the restricted range [-127, 127], which is also
// onnxruntime's symmetric int8: scale = max|w| / 127, zero point 0), and an activation's
// asymmetric uint8 scale and zero point from a calibrated range, as onnxruntime's compute_scale_zp
// computes them (the range stretched to hold 0, so 0 is exact: zero padding and ReLU's zeros).
// A bias's int32 grid is the product of the two (biasGrid). Scales are f32, as ONNX stores them.

import { rint } from '../backends/cpu/quant';
import type { NamedTensors } from '../train/types';
import { ACTIVATION_RANGE, WEIGHT_RANGE, type QuantPoint } from './graph';

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

/** A bias's int32 grid [2, C]: per channel, its layer's input scale × that channel's weight scale
 *  (in f32, as onnxruntime and the ONNX file's Mul compute it), zero point 0. */
export function biasGrid(grids: NamedTensors, p: Pick<QuantPoint, 'name' | 'channels' | 'product'>): Float32Array {
  const [input, weight] = (p.product ?? []).map((n) => grids.get(n)?.data);
  if (!input || !weight) throw new Error(`${p.name}: the grids it is the product of are missing`);
  const wc = weight.length / 2;
  const grid = new Float32Array(2 * p.channels);
  for (let ch = 0; ch < p.channels; ch++) grid[ch] = Math.fround(input[0]! * weight[wc === 1 ? 0 : ch]!);
  return grid;
}
