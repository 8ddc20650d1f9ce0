// What the gradient rules and the reverse pass see of a compile: tensors (storages not yet
// placed), the op context a rule emits through, and the state a forward program leaves behind.
//
// Import direction: kernels/ <- autodiff/ <- plan/. The autodiff folder imports the kernel
// contract and the graph, never a backend and never plan/; the plan compiler imports autodiff.

import type { GraphNode, Shape } from '../../graph/ir';
import type { AnyCall, ArgsOf, KernelName, ParamsOf } from '../kernels/contract';

/** A tensor while compiling: a storage to be placed in a buffer later. `len` is per sample when
 *  `batched` (the storage holds maxBatch samples), else the full element count. */
export interface T {
  readonly id: number;
  readonly len: number;
  readonly batched: boolean;
}

/** A kernel call over compile-time tensors. */
export type TCall = AnyCall<T>;

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
  emit<K extends KernelName>(kernel: K, args: ArgsOf<K, T>, p: ParamsOf<K>): void;
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

/** The compiler's side: the graph's nodes and a way to make tensors (`pin`: the host reads it). */
export interface Tensors {
  readonly nodes: readonly GraphNode[];
  newT(len: number, batched: boolean, pin?: boolean): T;
}

/** What a forward program leaves for the backward one: node values and saved tensors. */
export interface ForwardState {
  readonly val: Map<number, T>;
  readonly saved: Map<string, T>;
}

export const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
