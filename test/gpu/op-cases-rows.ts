// Long rows (webgpu kernels/rows.ts, one workgroup per row from LONG_ROW values on hardware
// adapters; rows.test.ts forces them on these cases and off again): softmax and
// cross-entropy over rows of 300 and 1000 values, past one 256-lane stride and not a multiple
// of it, with ignored targets and label smoothing (op-cases.ts calls this with its `add`).

import { softmaxFwd } from '../../src/engine/backends/cpu/loss';
import { IGNORE_INDEX, LOSS } from '../../src/engine/kernels/codes';
import type { Rng } from '../../src/engine/rng';
import type { AddCase, TOL as Tols } from './op-cases';

export function rowCases(add: AddCase, TOL: typeof Tols, MAXN: number): void {
  for (const [d, len] of [
    [300, 900],
    [1000, 1000],
  ] as const) {
    const L = MAXN * len;
    add('softmax_fwd', `long rows: d ${d} len ${len}`, [L, L], { d, len }, TOL.elementwise, (a) => {
      for (let i = 0; i < L; i++) a[0]![i] *= 8;
    });
    add('softmax_bwd', `long rows: d ${d} len ${len}`, [L, L, L], { d, len }, TOL.elementwise, (a, _r, rt) => {
      const x = new Float32Array(L).map((_, i) => 4 * Math.sin(i));
      softmaxFwd([x, a[0]!], { d, len }, rt);
    });
  }
  // name, rows per sample, d, smoothing, fraction ignored
  const CE: [string, number, number, number, number][] = [
    ['long rows: cross_entropy d 300', 1, 300, 0, 0],
    ['long rows: per-token T 5 V 700 smoothing 0.1, some ignored', 5, 700, 0.1, 0.3],
    ['long rows: per-token T 3 V 256, every target ignored', 3, 256, 0, 1],
  ];
  crossEntropyCases(add, TOL, MAXN, CE, 6);
}

/** Cross-entropy loss_fwd / loss_bwd cases of `rows` rows of `d` logits per sample: [name, rows,
 *  d, label smoothing, fraction of targets ignored], the logits scaled by `logitScale`. */
export function crossEntropyCases(
  add: AddCase,
  TOL: typeof Tols,
  MAXN: number,
  cases: readonly (readonly [string, number, number, number, number])[],
  logitScale: number,
): void {
  for (const [name, rows, d, smoothing, ignored] of cases) {
    const R = MAXN * rows,
      p = { kind: LOSS.cross_entropy, d, smoothing, rows };
    const prep = (a: Float32Array[], rng: Rng) => {
      for (let i = 0; i < a[0]!.length; i++) a[0]![i] *= logitScale;
      for (let i = 0; i < R; i++) a[1]![i] = rng.uniform() < ignored ? IGNORE_INDEX : rng.int(d);
    };
    add('loss_fwd', name, [R * d, R, 17], p, TOL.sum, prep);
    add('loss_bwd', name, [R * d, R, R * d], p, TOL.elementwise, prep);
  }
}
