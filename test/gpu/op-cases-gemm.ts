// The gemm's cases past one tile (op-cases.ts calls this with its `add`): sizes that are not
// multiples of any tile (64x64, 128x64, BK 8, the 4x4 blocks), every transpose variant, the
// accumulating and batched (m or k scaled by the samples) forms, and a long K with few outputs
// (the split-K kernel's shape); and convolutions past one tile (conv-tiled.ts: more than 64
// channels, K = c*kh*kw not a multiple of 8, stride 2 with padding). gemm-variants.test.ts runs
// every gemm and conv case on each variant.

import type { AddCase, TOL as Tols } from './op-cases';

export function gemmCases(add: AddCase, TOL: typeof Tols, MAXN: number): void {
  const [m, n, k] = [130, 75, 67];
  add('gemm', 'NN 130x67 . 67x75 (past the tiles)', [m * k, k * n, m * n], { m, n, k }, TOL.sum);
  add('gemm', 'NT 130x67 . (75x67)^T', [m * k, n * k, m * n], { m, n, k, tb: 1 }, TOL.sum);
  add('gemm', 'TN (67x130)^T . 67x75', [k * m, k * n, m * n], { m, n, k, ta: 1 }, TOL.sum);
  add('gemm', 'TT (67x130)^T . (75x67)^T', [k * m, n * k, m * n], { m, n, k, ta: 1, tb: 1 }, TOL.sum);
  add('gemm', 'NN accumulate 70x9 . 9x33', [70 * 9, 9 * 33, 70 * 33], { m: 70, n: 33, k: 9, acc: 1 }, TOL.sum);
  add('gemm', 'NN rows batched [41n,19]x[19,70]', [MAXN * 41 * 19, 19 * 70, MAXN * 41 * 70], { m: 41, n: 70, k: 19, bm: 1 }, TOL.sum);
  add(
    'gemm',
    'NT rows batched [41n,70]x[19,70]^T',
    [MAXN * 41 * 70, 19 * 70, MAXN * 41 * 19],
    { m: 41, n: 19, k: 70, bm: 1, tb: 1 },
    TOL.sum,
  );
  add(
    'gemm',
    'TN k batched (37n x65)^T . 37n x66',
    [MAXN * 37 * 65, MAXN * 37 * 66, 65 * 66],
    { m: 65, n: 66, k: 37, bk: 1, ta: 1 },
    TOL.sum,
  );
  add(
    'gemm',
    'TN k batched accumulate (dW += X^T dY)',
    [MAXN * 37 * 9, MAXN * 37 * 6, 54],
    { m: 9, n: 6, k: 37, bk: 1, ta: 1, acc: 1 },
    TOL.sum,
  );
  add('gemm', 'NN long K 5x300 . 300x9 (split-K shape)', [5 * 300, 300 * 9, 45], { m: 5, n: 9, k: 300 }, TOL.sum);
  add('gemm', 'TN long K (300x6)^T . 300x7', [300 * 6, 300 * 7, 42], { m: 6, n: 7, k: 300, ta: 1 }, TOL.sum);
  const conv = (name: string, c: number, h: number, w: number, o: number, k: number, st: number, pad: number) => {
    const oh = Math.floor((h + 2 * pad - k) / st) + 1,
      ow = Math.floor((w + 2 * pad - k) / st) + 1;
    const g = { c, h, w, o, kh: k, kw: k, sh: st, sw: st, pt: pad, pl: pad, oh, ow };
    const xs = MAXN * c * h * w,
      ws = o * c * k * k,
      ys = MAXN * o * oh * ow;
    add('conv2d_fwd', name, [xs, ws, ys], g, TOL.sum);
    add('conv2d_bwd_filter', name, [xs, ys, ws], g, TOL.sum);
    add('conv2d_bwd_data', name, [ys, ws, xs], g, TOL.sum);
  };
  conv('3x3 same, 70 filters on 5x11x11 (past the tiles)', 5, 11, 11, 70, 3, 1, 1);
  conv('3x3 stride 2 pad 1, 66 filters on 9x13x10', 9, 13, 10, 66, 3, 2, 1);
}
