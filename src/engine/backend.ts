// The backend interface: the only thing a plan needs from a device. Kept as small as jax-js's:
// allocate, write, read (async), compile a fixed list of kernel calls into a program, run it.
// A kernel call is plain data (a kernel name, buffer slices, numeric parameters), so the WebGPU
// backend can map each name to a WGSL pipeline and each parameter record to a uniform struct,
// and record a whole training step into one command encoder. Which kernels exist, and their
// arguments and parameters, is the kernel contract (kernels/contract.ts).

import type { AnyCall, KernelName } from './kernels/contract';

/** A slice of a backend buffer, in f32 elements. */
export interface BufferRef {
  readonly buffer: number; // handle from Backend.alloc
  readonly offset: number;
  readonly size: number;
}

/** Numeric parameters of a kernel call, untyped (what a backend reads). Static at compile time:
 *  they become a uniform struct. */
export type KernelParams = Readonly<Record<string, number>>;

/** A kernel call over buffer slices, typed by kernel name (arguments and parameters checked). */
export type KernelCall = AnyCall<BufferRef>;

/** Values that change from step to step; a uniform buffer on WebGPU. */
export interface Runtime {
  /** Samples in this batch (the last batch of an epoch may be partial). */
  n: number;
  /** Optimizer step, 1-based (Adam's bias correction, dropout masks). */
  step: number;
  lr: number;
  /** Seed of the run (dropout masks are hash(seed, salt, step, i)). */
  seed: number;
  /** Where the loss kernel writes this step's loss in the loss log. */
  lossSlot: number;
}

export function newRuntime(): Runtime {
  return { n: 0, step: 1, lr: 0, seed: 0, lossSlot: 0 };
}

/** A compiled, fixed sequence of kernel calls. */
export interface Program {
  run(rt: Runtime): void;
}

export interface Backend {
  readonly name: 'cpu' | 'webgpu';
  /** A zero-filled buffer of `size` f32 elements; returns its handle. */
  alloc(size: number): number;
  write(buffer: number, data: Float32Array, offset?: number): void;
  /** Resolves once queued work has finished; CPU resolves at once. */
  read(buffer: number, offset?: number, size?: number): Promise<Float32Array>;
  /** `keep`: slices read after a run (observed outputs); a backend that rewrites calls (fuses
   *  them) must leave these written as the calls say. */
  compile(calls: readonly KernelCall[], keep?: readonly BufferRef[]): Program;
  dispose(): void;
  /** Optional kernels (currently 'bias_act', the fused dense/conv epilogue): the plan compiler
   *  uses one only where the backend says it has it. */
  supports?(kernel: KernelName): boolean;
}

export class BackendUnavailableError extends Error {}
