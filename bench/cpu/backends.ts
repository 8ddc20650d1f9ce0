// Model Lab's CPU backends the bench measures. One entry per backend: adding one is one line.

import { availableParallelism } from 'node:os';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { createWasmBackend } from '../../src/engine/backends/wasm';

export interface ModelLabBackend {
  readonly id: string;
  readonly label: string;
  /** Thread counts to measure: 1 and all cores where the backend has threads. */
  readonly threads: readonly number[];
  /** Why it cannot be measured here, or null. */
  readonly missing: () => string | null;
  readonly create: (threads: number) => Promise<Backend>;
}

const ALL = availableParallelism();

/** The WebAssembly SIMD backend; a runtime that cannot run it (or kernels not built) is reported, not measured as the reference. */
async function wasm(threads: number): Promise<Backend> {
  const made = await createWasmBackend({ threads });
  if (made.note) throw new Error(made.note);
  return made.backend;
}

export const MODEL_LAB_BACKENDS: readonly ModelLabBackend[] = [
  { id: 'reference', label: 'Model Lab reference', threads: [1], missing: () => null, create: async () => new CpuBackend() },
  { id: 'wasm', label: 'Model Lab wasm', threads: ALL > 1 ? [1, ALL] : [1], missing: () => null, create: wasm },
];
