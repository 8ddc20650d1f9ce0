// Codes of the `fn` (activation) and `kind` (loss) kernel parameters, declared once: the autodiff
// rules and the plan emit them, the CPU kernels switch on them, and the WGSL sources and the
// conformance tables interpolate them (`case ${ACT.relu}u`), so no backend repeats a literal.

export const ACT = { relu: 0, leaky_relu: 1, elu: 2, gelu: 3, sigmoid: 4, tanh: 5 } as const;
export type ActName = keyof typeof ACT;

export const LOSS = { mse: 0, mae: 1, huber: 2, cross_entropy: 3, binary_cross_entropy: 4 } as const;
export type LossName = keyof typeof LOSS;

/** `pool`'s modes (the seqpool kernels' `mode`). */
export const POOL = { mean: 0, last: 1, first: 2 } as const;

/** A cross-entropy target that counts for nothing (PyTorch's ignore_index default): padded
 *  positions of a sequence target. */
export const IGNORE_INDEX = -100;
