// Sequence pooling and the prepended (cls) token, per sample of x [t, d]. pool mean and last skip
// padded positions when the call is masked (token id 0 at a position past `shift`); a sample
// with no counted position pools to zeros (and gets no gradient). PyTorch has no such layer:
// these are the usual x.mean(1) over the unpadded positions, x[:, length - 1] and x[:, 0].

import type { Runtime } from '../../backend';
import { POOL } from '../../kernels/codes';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;
type PoolP = ParamsOf<'seqpool_fwd'>;

/** Whether position j of sample b counts. */
function counts(tok: F, b: number, j: number, p: PoolP): boolean {
  const shift = p.shift ?? 0;
  return !p.masked || j < shift || tok[b * (p.t! - shift) + j - shift] !== 0;
}

/** The positions sample b pools and the weight of each: [position, weight][]. */
function pooled(tok: F, b: number, p: PoolP): [number, number][] {
  const T = p.t!;
  if (p.mode === POOL.first) return [[0, 1]];
  if (p.mode === POOL.last) {
    for (let j = T - 1; j >= 0; j--) if (counts(tok, b, j, p)) return [[j, 1]];
    return [];
  }
  const js: number[] = [];
  for (let j = 0; j < T; j++) if (counts(tok, b, j, p)) js.push(j);
  return js.map((j) => [j, 1 / js.length]);
}

export function seqpoolFwd([x, tok, y]: ArgsOf<'seqpool_fwd', F>, p: ParamsOf<'seqpool_fwd'>, rt: Runtime): void {
  const T = p.t!,
    D = p.d!;
  for (let b = 0; b < rt.n; b++) {
    y!.fill(0, b * D, (b + 1) * D);
    for (const [j, w] of pooled(tok!, b, p)) for (let d = 0; d < D; d++) y![b * D + d] += w * x![(b * T + j) * D + d]!;
  }
}

export function seqpoolBwd([dy, tok, dx]: ArgsOf<'seqpool_bwd', F>, p: ParamsOf<'seqpool_bwd'>, rt: Runtime): void {
  const T = p.t!,
    D = p.d!;
  for (let b = 0; b < rt.n; b++) {
    dx!.fill(0, b * T * D, (b + 1) * T * D);
    for (const [j, w] of pooled(tok!, b, p)) for (let d = 0; d < D; d++) dx![(b * T + j) * D + d] = w * dy![b * D + d]!;
  }
}

export function prependFwd([x, c, y]: ArgsOf<'prepend_fwd', F>, p: ParamsOf<'prepend_fwd'>, rt: Runtime): void {
  const T = p.t!,
    D = p.d!;
  for (let b = 0; b < rt.n; b++) {
    y!.set(c!.subarray(0, D), b * (T + 1) * D);
    y!.set(x!.subarray(b * T * D, (b + 1) * T * D), (b * (T + 1) + 1) * D);
  }
}

export function prependBwd([dy, dx, dc]: ArgsOf<'prepend_bwd', F>, p: ParamsOf<'prepend_bwd'>, rt: Runtime): void {
  const T = p.t!,
    D = p.d!;
  dc!.fill(0, 0, D);
  for (let b = 0; b < rt.n; b++) {
    const o = b * (T + 1) * D;
    for (let d = 0; d < D; d++) dc![d] += dy![o + d]!;
    dx!.set(dy!.subarray(o + D, o + (T + 1) * D), b * T * D);
  }
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const SEQ_KERNELS = {
  seqpool_fwd: seqpoolFwd,
  seqpool_bwd: seqpoolBwd,
  prepend_fwd: prependFwd,
  prepend_bwd: prependBwd,
};
