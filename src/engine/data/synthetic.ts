// Seeded synthetic data sets, after scikit-learn's generators and cs231n's spiral.
// Classification sets give class indices; linear and sine give float targets.

import type { DataSource } from '../../graph/data-spec';
import { deriveSeed, Rng } from '../rng';
import { Dataset } from './dataset';
import { addition } from './synthetic-addition';

/** A synthetic source's settings, as the data block resolves them. */
export type SyntheticParams = Omit<Extract<DataSource, { kind: 'synthetic' }>, 'kind'>;

export function generate(s: SyntheticParams): Dataset {
  const rng = new Rng(deriveSeed(s.seed, `synthetic:${s.generator}`));
  const n = Math.max(1, Math.floor(s.size));
  const two = (fn: (i: number, p: Float32Array) => number): Dataset => {
    const x = new Float32Array(n * 2),
      y = new Float32Array(n);
    const p = new Float32Array(2);
    let classes = 2;
    for (let i = 0; i < n; i++) {
      y[i] = fn(i, p);
      classes = Math.max(classes, y[i]! + 1);
      x[2 * i] = p[0]!;
      x[2 * i + 1] = p[1]!;
    }
    return new Dataset(x, y, [2], 1, classes);
  };
  switch (s.generator) {
    case 'xor':
      // Quadrants; noise moves points within their quadrant but never closer than 0.1 to an
      // axis, so the optimum is 100% whatever the noise.
      return two((_, p) => {
        for (let d = 0; d < 2; d++) {
          const u = 2 * rng.uniform() - 1;
          p[d] = Math.sign(u || 1) * Math.max(0.1, Math.abs(0.1 + 0.9 * Math.abs(u) + s.noise * rng.normal()));
        }
        return p[0]! > 0 !== p[1]! > 0 ? 1 : 0;
      });
    case 'circles':
      // sklearn make_circles(factor=0.5): outer circle class 0, inner circle class 1.
      return two((i, p) => {
        const c = i % 2,
          t = 2 * Math.PI * rng.uniform(),
          r = c === 0 ? 1 : 0.5;
        p[0] = r * Math.cos(t) + s.noise * rng.normal();
        p[1] = r * Math.sin(t) + s.noise * rng.normal();
        return c;
      });
    case 'moons':
      // sklearn make_moons: two interleaved half circles.
      return two((i, p) => {
        const c = i % 2,
          t = Math.PI * rng.uniform();
        p[0] = (c === 0 ? Math.cos(t) : 1 - Math.cos(t)) + s.noise * rng.normal();
        p[1] = (c === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + s.noise * rng.normal();
        return c;
      });
    case 'spiral': {
      // cs231n: K arms, radius t in [0, 1], angle 4 per arm plus noise.
      const K = Math.max(2, s.classes);
      return two((i, p) => {
        const c = i % K,
          t = rng.uniform();
        const th = c * 4 + t * 4 + s.noise * rng.normal();
        p[0] = t * Math.sin(th);
        p[1] = t * Math.cos(th);
        return c;
      });
    }
    case 'blobs': {
      // sklearn make_blobs: centers uniform in [-10, 10]^d, cluster std = noise (default 1).
      const K = Math.max(2, s.classes),
        d = Math.max(1, s.features);
      const centers = Array.from({ length: K * d }, () => 20 * rng.uniform() - 10);
      const x = new Float32Array(n * d),
        y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const c = i % K;
        y[i] = c;
        for (let j = 0; j < d; j++) x[i * d + j] = centers[c * d + j]! + s.noise * rng.normal();
      }
      return new Dataset(x, y, [d], 1, K);
    }
    case 'linear': {
      // y = W x + b + noise, x uniform in [-1, 1]^d, `targets` output columns.
      const d = Math.max(1, s.features),
        k = Math.max(1, s.targets ?? 1);
      const w = Array.from({ length: d * k }, () => 2 * rng.uniform() - 1);
      const b = Array.from({ length: k }, () => 2 * rng.uniform() - 1);
      const x = new Float32Array(n * d),
        y = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) x[i * d + j] = 2 * rng.uniform() - 1;
        for (let o = 0; o < k; o++) {
          let v = b[o]!;
          for (let j = 0; j < d; j++) v += w[o * d + j]! * x[i * d + j]!;
          y[i * k + o] = v + s.noise * rng.normal();
        }
      }
      return new Dataset(x, y, [d], k, 0);
    }
    case 'adding':
      return adding(rng, n, Math.max(2, s.steps ?? 2));
    case 'addition':
      return addition(rng, n, Math.max(1, s.digits ?? 3));
    case 'sine': {
      const x = new Float32Array(n),
        y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = Math.PI * (2 * rng.uniform() - 1);
        x[i] = u;
        y[i] = Math.sin(u) + s.noise * rng.normal();
      }
      return new Dataset(x, y, [1], 1, 0);
    }
  }
}

/**
 * The adding problem (Hochreiter & Schmidhuber 1997, §5.4; the form of Le et al. 2015): each step
 * is [value, marker], values uniform in [0, 1), exactly two markers 1 (one in each half of the
 * sequence); the target is the sum of the two marked values. Predicting the mean (1) scores MSE
 * 1/6; a model that does better has carried a value across up to `steps` steps. `noise` is unused.
 */
function adding(rng: Rng, n: number, steps: number): Dataset {
  const x = new Float32Array(n * steps * 2),
    y = new Float32Array(n);
  const half = Math.floor(steps / 2);
  for (let i = 0; i < n; i++) {
    const o = i * steps * 2;
    for (let t = 0; t < steps; t++) x[o + 2 * t] = rng.uniform();
    const a = Math.min(half - 1, Math.floor(rng.uniform() * half)),
      b = half + Math.min(steps - half - 1, Math.floor(rng.uniform() * (steps - half)));
    x[o + 2 * a + 1] = 1;
    x[o + 2 * b + 1] = 1;
    y[i] = x[o + 2 * a]! + x[o + 2 * b]!;
  }
  return new Dataset(x, y, [steps, 2], 1, 0);
}
