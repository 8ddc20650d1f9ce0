// What a bound WebAssembly kernel holds on to: the instance's exports (called on this thread),
// the thread pool (for the split kernels), the job descriptor in shared memory, per-thread
// scratch, and the reference kernels' workspace for the kernels that run the CPU reference.

import type { Runtime } from '../../backend';
import type { ArgsOf, KernelName, ParamsOf } from '../../kernels/contract';
import type { Workspace } from '../cpu/workspace';
import type { JobName, ThreadPool } from './threads';

/** One kernel argument: its byte address in the shared memory and a live f32 view of it. */
export interface Arg {
  readonly ptr: number;
  readonly view: Float32Array;
}

export interface WasmContext {
  /** The module's exports on this thread (the non-split kernels). */
  readonly fn: Readonly<Record<string, (...args: number[]) => void>>;
  /** The job descriptor's i32 slots (DESC in threads.ts). */
  readonly desc: Int32Array;
  /** The descriptor's f64 values (DESC_F64: the light jobs' scalars). */
  readonly descF64: Float64Array;
  readonly ws: Workspace;
  /** Makes every thread's scratch at least `floats` long (at compile time, never in a step). */
  needScratch(floats: number): void;
  /** Writes the scratch base and stride into desc[at], desc[at+1]. */
  scratchInto(at: number): void;
  /** Runs a split job whose descriptor is written; `work` (flops) decides whether threads pay. */
  run(job: JobName, work: number): void;
  readonly pool: ThreadPool;
}

/** A step's work for one call, bound at compile time. */
export type Bound = (rt: Runtime) => void;
export type WasmKernelOf<K extends KernelName> = (args: ArgsOf<K, Arg>, p: ParamsOf<K>, ctx: WasmContext) => Bound;
