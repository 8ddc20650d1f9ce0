// The recurrent kernels' conformance cases (op-cases.ts calls this with its `add`): every cell,
// first / middle / last step, both directions, one and two directions side by side.

import { CELL, cellGates, cellSaved, type CellName } from '../../src/engine/kernels/codes';
import type { AddCase } from './op-cases';

const TOL_STEP = { atol: 1e-5, rtol: 1e-4 }; // an f32 dot product of H terms, then the gates

export function recurrentCases(add: AddCase, maxN: number): void {
  const T = 4,
    H = 5;
  const steps: [s: number, dir: number, dirs: number][] = [
    [0, 0, 1],
    [2, 0, 1],
    [T - 1, 0, 2],
    [0, 1, 2],
    [1, 1, 2],
    [T - 1, 1, 2],
  ];
  for (const cell of Object.keys(CELL) as CellName[]) {
    const code = CELL[cell],
      G = cellGates(code),
      S = cellSaved(code);
    for (const [s, dir, dirs] of steps) {
      const p = { cell: code, s, seq: T, h: H, dirs, dir };
      const name = `${cell} step ${s}/${T} dir ${dir} of ${dirs}`;
      const seq = (w: number) => maxN * T * w;
      add('rnn_step_fwd', name, [seq(G * H), G * H * H, G * H, G * H, seq(dirs * H), seq(S * H), seq(H)], p, TOL_STEP);
      add('rnn_step_bwd', name, [G * H * H, seq(S * H), seq(H), seq(dirs * H), seq(dirs * H), seq(H), seq(G * H), seq(G * H)], p, TOL_STEP);
    }
  }
  // Wider: 9 units split over threads in 8-unit panels (the wasm step's split), G*9 gate columns.
  for (const cell of ['lstm', 'gru'] as const) {
    const code = CELL[cell],
      G = cellGates(code),
      S = cellSaved(code),
      W = 9;
    for (const [s, dir, dirs] of [
      [1, 0, 1],
      [1, 1, 2],
    ] as const) {
      const p = { cell: code, s, seq: T, h: W, dirs, dir };
      const name = `${cell} ${W} units step ${s}/${T} dir ${dir} of ${dirs}`;
      const seq = (w: number) => maxN * T * w;
      add('rnn_step_fwd', name, [seq(G * W), G * W * W, G * W, G * W, seq(dirs * W), seq(S * W), seq(W)], p, TOL_STEP);
      add('rnn_step_bwd', name, [G * W * W, seq(S * W), seq(W), seq(dirs * W), seq(dirs * W), seq(W), seq(G * W), seq(G * W)], p, TOL_STEP);
    }
  }
  for (const dirs of [1, 2]) {
    const W = dirs * H;
    add('last_state_fwd', `h_n of ${dirs} directions`, [maxN * T * W, maxN * W], { seq: T, h: H, dirs }, { atol: 0, rtol: 0 });
    add('last_state_bwd', `h_n of ${dirs} directions`, [maxN * W, maxN * T * W], { seq: T, h: H, dirs }, { atol: 0, rtol: 0 });
  }
}
