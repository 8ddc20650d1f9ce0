// The distillation loss's cases (LOSS.distill): the class indices at [0, maxN) of the target,
// the teacher's logits [maxN, d] after them (soft = maxN); hard and soft terms, label smoothing,
// and the soft term alone.
import { LOSS } from '../../src/engine/kernels/codes';
import type { Rng } from '../../src/engine/rng';
import type { AddCase, TOL as Tols } from './op-cases';

const scale = (k: number) => (a: Float32Array) => {
  for (let i = 0; i < a.length; i++) a[i] *= k;
};

export function distillCases(add: AddCase, tol: typeof Tols, maxN: number): void {
  const DISTILL: [string, number, number, number][] = [
    // name, temperature, alpha, smoothing
    ['distill T 4 alpha 0.5', 4, 0.5, 0],
    ['distill T 2 alpha 0.9 smoothing 0.1', 2, 0.9, 0.1],
    ['distill T 1 alpha 1 (soft only)', 1, 1, 0],
  ];
  for (const [name, temperature, alpha, smoothing] of DISTILL) {
    const d = 5,
      p = { kind: LOSS.distill, d, smoothing, temperature, alpha, soft: maxN };
    const prep = (a: Float32Array[], rng: Rng) => {
      scale(3)(a[0]!);
      scale(4)(a[1]!);
      for (let i = 0; i < maxN; i++) a[1]![i] = rng.int(d);
    };
    add('loss_fwd', name, [maxN * d, maxN * (1 + d), 17], p, tol.sum, prep);
    add('loss_bwd', name, [maxN * d, maxN * (1 + d), maxN * d], p, tol.elementwise, prep);
  }
}
