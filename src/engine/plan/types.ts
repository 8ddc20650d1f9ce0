// Types shared by the plan compiler and the op rules.

import type { KernelCall, KernelParams } from '../backend';
import type { GraphNode, InitSpec, Shape } from '../../graph/ir';

/** A tensor while compiling: a storage to be placed in a buffer later. `len` is per sample when
 *  `batched` (the storage holds maxBatch samples), else the full element count. */
export interface T {
  readonly id: number;
  readonly len: number;
  readonly batched: boolean;
}

/** What an op rule sees of the compiler: the node, its tensors, and a way to emit kernel calls. */
export interface OpCtx {
  readonly node: GraphNode;
  readonly train: boolean;
  shapeOf(input: number): Shape;
  /** Forward value of input i. */
  x(i: number): T;
  /** Forward: a new tensor for this node's output. Backward: the output value. */
  y(): T;
  /** Forward: the node's value is `t` (reshape, identity dropout). */
  alias(t: T): void;
  /** A tensor kept from forward to backward (dropout mask, argmax, batch statistics). */
  saved(key: string, len: number, batched: boolean): T;
  emit(kernel: string, args: readonly T[], p: KernelParams): void;
  /** Backward: gradient of the node's output. */
  dy(): T;
  /** Backward: whether input i wants a gradient. */
  needs(i: number): boolean;
  /** Backward: where to write the gradient of input i (accumulation handled by the compiler). */
  gradInto(i: number): T;
  /** Backward: the gradient of input i is `t` unchanged (aliased or copied). */
  pass(i: number, t: T): void;
  /** A throwaway tensor (e.g. a gradient nobody wants but a kernel must write). */
  temp(len: number, batched: boolean): T;
}

export interface OpRule {
  forward(c: OpCtx): void;
  /** Emits the gradient of every input that needs one. */
  backward(c: OpCtx): void;
}

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
  readonly targetLen: number; // per sample: 1 (class index) for cross-entropy
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
  readonly programs: {
    readonly forward: readonly KernelCall[];
    readonly backward: readonly KernelCall[];
    readonly update: readonly KernelCall[];
    readonly eval: readonly KernelCall[];
  };
  readonly stats: { readonly activationFloats: number; readonly paramFloats: number; readonly trainableParams: number };
}
