// Initial weights, as torch.nn.init defines them (gain 1 for xavier, sqrt(2) for he / kaiming
// with a=0 and mode fan_in). Parameters are drawn in graph order from one seeded stream, so the
// same seed and model give the same weights.

import type { InitSpec } from '../graph/ir';
import { deriveSeed, Rng } from './rng';

export function fillInit(out: Float32Array, spec: InitSpec, fanIn: number, fanOut: number, rng: Rng): void {
  const n = out.length;
  const uni = (a: number, b: number) => {
    for (let i = 0; i < n; i++) out[i] = a + (b - a) * rng.uniform();
  };
  const nor = (m: number, s: number) => {
    for (let i = 0; i < n; i++) out[i] = m + s * rng.normal();
  };
  switch (spec.kind) {
    case 'zeros':
      out.fill(0);
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'uniform':
      uni(spec.low, spec.high);
      break;
    case 'normal':
      nor(spec.mean, spec.std);
      break;
    case 'xavier_uniform': {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      uni(-a, a);
      break;
    }
    case 'xavier_normal':
      nor(0, Math.sqrt(2 / (fanIn + fanOut)));
      break;
    case 'he_uniform': {
      const a = Math.sqrt(6 / fanIn);
      uni(-a, a);
      break;
    }
    case 'he_normal':
      nor(0, Math.sqrt(2 / fanIn));
      break;
    case 'normal_pad': // nn.Embedding: N(0, 1), padding_idx's row zeroed
      nor(spec.mean, spec.std);
      if (spec.zeroRow >= 0) out.fill(0, spec.zeroRow * fanOut, (spec.zeroRow + 1) * fanOut);
      break;
    case 'sinusoidal': // PE[pos, 2i] = sin(pos / 10000^(2i/D)), PE[pos, 2i+1] = cos(same); [fanIn, fanOut]
      for (let pos = 0; pos < fanIn; pos++)
        for (let j = 0; j < fanOut; j++) {
          const angle = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / fanOut);
          out[pos * fanOut + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
        }
      break;
  }
}

export interface InitEntry {
  readonly node: number;
  readonly name: string;
  readonly size: number;
  readonly init: InitSpec;
  readonly fanIn: number;
  readonly fanOut: number;
  readonly shape: readonly number[];
}

/** Named initial tensors for a run with this seed. */
export function initialWeights(entries: readonly InitEntry[], seed: number): Map<string, { shape: readonly number[]; data: Float32Array }> {
  const rng = new Rng(deriveSeed(seed, 'init'));
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const e of [...entries].sort((a, b) => a.node - b.node)) {
    const data = new Float32Array(e.size);
    fillInit(data, e.init, e.fanIn, e.fanOut, rng);
    out.set(e.name, { shape: e.shape, data });
  }
  return out;
}
