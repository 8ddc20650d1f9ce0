// Model Lab's CPU backends the bench measures. One entry per backend: adding one is one line.
// The wasm entry is picked up once src/engine/backends/wasm exists (the fast backend of issue 14);
// until then it is reported as not present. Its module is imported by a computed path, so this
// file type-checks before that folder lands.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';

export interface ModelLabBackend {
  readonly id: string;
  readonly label: string;
  /** Thread counts to measure: 1 and all cores where the backend has threads. */
  readonly threads: readonly number[];
  /** Why it cannot be measured here, or null. */
  readonly missing: () => string | null;
  readonly create: (threads: number) => Promise<Backend>;
}

const SRC = join(__dirname, '..', '..', 'src', 'engine', 'backends');
const ALL = availableParallelism();

/** A backend from a folder of src/engine/backends that may not exist yet: `factory(opts)` or a
 *  class `factory` taking the same options. */
function fromFolder(id: string, label: string, folder: string, factory: string): ModelLabBackend {
  const dir = join(SRC, folder);
  return {
    id,
    label,
    threads: ALL > 1 ? [1, ALL] : [1],
    missing: () => (existsSync(dir) ? null : `src/engine/backends/${folder} is not there yet`),
    create: async (threads) => {
      const mod = (await import(dir)) as Record<string, unknown>;
      const make = mod[factory];
      if (typeof make !== 'function') throw new Error(`src/engine/backends/${folder} exports no ${factory}: edit bench/cpu/backends.ts`);
      const opts = { threads };
      return (await (/^[A-Z]/.test(factory)
        ? new (make as new (o: object) => Backend)(opts)
        : (make as (o: object) => Backend)(opts))) as Backend;
    },
  };
}

export const MODEL_LAB_BACKENDS: readonly ModelLabBackend[] = [
  { id: 'reference', label: 'Model Lab reference', threads: [1], missing: () => null, create: async () => new CpuBackend() },
  fromFolder('wasm', 'Model Lab wasm', 'wasm', 'createWasmBackend'),
];
