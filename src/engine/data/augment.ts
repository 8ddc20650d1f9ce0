// Training-time image augmentation, applied to each batch after it is filled (never to
// validation or test data): random horizontal flip, random crop after padding 4 (as torchvision's
// RandomCrop(size, padding=4)), and shifts of up to 10% each way. Padding is 0 in the prepared
// data (the mean after standardisation, black after scaling). Seeded per (seed, step, sample), so
// a run is reproducible and the order of batches is all that matters.

import type { Shape } from '../../graph/ir';
import { deriveSeed, pcg, Rng } from '../rng';

export type AugmentKind = 'flip' | 'crop' | 'shift';

/** Rewrites the first n samples of a batch in place; `step` is the optimizer step (1-based or not, but fixed per batch). */
export type BatchAugment = (x: Float32Array, n: number, step: number) => void;

/** The augmenter of a run: seeded from the run's seed, so the CLI and the trainer page agree. */
export function runAugmenter(kinds: readonly AugmentKind[], shape: Shape, runSeed: number): BatchAugment | null {
  return makeAugmenter(kinds, shape, deriveSeed(runSeed, 'augment'));
}

export function makeAugmenter(kinds: readonly AugmentKind[], shape: Shape, seed: number): BatchAugment | null {
  if (kinds.length === 0) return null;
  if (shape.length !== 3)
    throw new Error(`augment (${kinds.join(', ')}) needs images [channels, height, width], the data is [${shape.join(', ')}]`);
  const [C, H, W] = shape as [number, number, number];
  const flip = kinds.includes('flip'),
    crop = kinds.includes('crop') ? 4 : 0;
  const shift = kinds.includes('shift') ? Math.max(1, Math.round(0.1 * Math.min(H, W))) : 0;
  const len = C * H * W,
    tmp = new Float32Array(len);
  return (x, n, step) => {
    for (let i = 0; i < n; i++) {
      const rng = new Rng(pcg((seed ^ pcg(step >>> 0)) + i) >>> 0);
      const f = flip && rng.uniform() < 0.5;
      const pick = (m: number) => (m > 0 ? Math.floor(rng.uniform() * (2 * m + 1)) - m : 0);
      const dy = pick(crop) + pick(shift),
        dx = pick(crop) + pick(shift);
      if (!f && dx === 0 && dy === 0) continue;
      const s = x.subarray(i * len, (i + 1) * len);
      tmp.set(s);
      for (let c = 0; c < C; c++) {
        for (let r = 0; r < H; r++) {
          const sr = r + dy,
            row = c * H * W + r * W;
          for (let q = 0; q < W; q++) {
            const sq = (f ? W - 1 - q : q) + dx;
            s[row + q] = sr >= 0 && sr < H && sq >= 0 && sq < W ? tmp[c * H * W + sr * W + sq]! : 0;
          }
        }
      }
    }
  };
}
