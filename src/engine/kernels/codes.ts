// Codes of the `fn` (activation) and `kind` (loss) kernel parameters, declared once: the autodiff
// rules and the plan emit them, the CPU kernels switch on them, and the WGSL sources and the
// conformance tables interpolate them (`case ${ACT.relu}u`), so no backend repeats a literal.

export const ACT = { relu: 0, leaky_relu: 1, elu: 2, gelu: 3, sigmoid: 4, tanh: 5 } as const;
export type ActName = keyof typeof ACT;

// distill: Hinton's knowledge distillation (train programs only; see backends/cpu/loss.ts distillRow).
export const LOSS = { mse: 0, mae: 1, huber: 2, cross_entropy: 3, binary_cross_entropy: 4, distill: 5 } as const;
export type LossName = keyof typeof LOSS;

/** `pool`'s modes (the seqpool kernels' `mode`). */
export const POOL = { mean: 0, last: 1, first: 2 } as const;

/** A cross-entropy target that counts for nothing (PyTorch's ignore_index default): padded
 *  positions of a sequence target. */
export const IGNORE_INDEX = -100;
/** Recurrent cells (the `cell` parameter of rnn_step_*): gates per unit G and saved values per unit S. */
export const CELL = { rnn_tanh: 0, rnn_relu: 1, lstm: 2, gru: 3 } as const;
export type CellName = keyof typeof CELL;
/** Gates per unit: rnn 1, lstm 4 (i f g o), gru 3 (r z n), as PyTorch's weight_ih rows. */
export const cellGates = (cell: number): number => (cell === CELL.lstm ? 4 : cell === CELL.gru ? 3 : 1);
/** Values per unit a step keeps for backward: lstm i f g o c, gru r z n (W_hn h' + b_hn); rnn none (1, unused). */
export const cellSaved = (cell: number): number => (cell === CELL.lstm ? 5 : cell === CELL.gru ? 4 : 1);
