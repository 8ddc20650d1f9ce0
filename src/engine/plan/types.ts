// The compiled plan: buffers, parameters and the four kernel-call programs. (The types the op
// rules share with the compiler, T and OpCtx, live in autodiff/types.ts: plan/ imports autodiff/,
// never the other way.)

import type { KernelCall } from '../backend';
import type { InitSpec, Shape } from '../../graph/ir';

export interface ParamEntry {
  readonly node: number;
  readonly name: string;
  readonly shape: Shape;
  readonly size: number;
  readonly trainable: boolean;
  readonly decay: boolean;
  readonly init: InitSpec;
  readonly fanIn: number;
  readonly fanOut: number;
  /** Plan buffer ('params' for trainable, 'state' otherwise) and offset in elements. */
  readonly buffer: number;
  readonly offset: number;
}

export interface PlanBuffer {
  readonly name: string;
  readonly size: number;
}

/** An eval-mode activation the host may read: `len` values per sample at `offset` of `buffer`,
 *  sample after sample. */
export interface ObservedNode {
  readonly node: number;
  /** The graph layer the node belongs to (GraphNode.layer). */
  readonly layer: number;
  readonly buffer: number;
  readonly offset: number;
  readonly len: number;
}

export interface Plan {
  readonly maxBatch: number;
  readonly inputLen: number; // per sample
  readonly outputLen: number; // per sample
  readonly targetLen: number; // per sample: 1 (class index) for cross-entropy, T per-token
  /** Per-token cross-entropy: the loss is a mean over the batch's counted (non-ignored) tokens. */
  readonly perToken: boolean;
  /** The loss reads the input of the output softmax/sigmoid (cross-entropy on logits). */
  readonly lossOnLogits: boolean;
  readonly buffers: readonly PlanBuffer[];
  readonly params: readonly ParamEntry[];
  readonly paramsBuffer: number;
  readonly gradsBuffer: number;
  readonly stateBuffer: number;
  readonly x: number;
  readonly target: number;
  /** Loss of train step k at index k % lossWindow; the eval loss at index lossWindow. */
  readonly lossLog: number;
  readonly lossWindow: number;
  readonly trainOutput: number;
  readonly evalOutput: number;
  /** Gradient buffer of the input, when compiled with inputGrad (gradient checks). */
  readonly inputGrad: number | null;
  /** The eval-mode outputs compiled with `observe`, in its order: valid after an eval run. */
  readonly observed: readonly ObservedNode[];
  /** Pruning's mask over the dense and conv weights (compiled with `prune`; 1 kept, 0 pruned). */
  readonly pruneMask: number | null;
  /** Distillation: where the teacher's logits ([maxBatch, outputLen]) start in the target buffer
   *  (the class indices fill [0, maxBatch)); null otherwise. */
  readonly softTargets: number | null;
  readonly programs: {
    readonly forward: readonly KernelCall[];
    readonly backward: readonly KernelCall[];
    readonly update: readonly KernelCall[];
    readonly eval: readonly KernelCall[];
  };
  readonly stats: { readonly activationFloats: number; readonly paramFloats: number; readonly trainableParams: number };
}
