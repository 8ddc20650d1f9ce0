// Finds the built kernels (dist/wasm, from scripts/build-wasm.mjs), probes what the runtime can
// run and compiles the best variant: relaxed SIMD (FMA) where WebAssembly.validate accepts it,
// else plain 128-bit SIMD; shared memory (threads) is required by both. Any failure is a reason
// string, never a throw: the caller falls back to the reference CPU backend with it.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoadedKernels {
  readonly module: WebAssembly.Module;
  readonly relaxed: boolean;
}

/** Where the .wasm files are: beside the bundle (dist/cli.js, dist/extension.js) or, running from
 *  source, in the repository's dist/. */
export function wasmDir(): string | null {
  const candidates = [join(__dirname, 'wasm'), join(__dirname, '..', '..', '..', '..', 'dist', 'wasm')];
  return candidates.find((d) => existsSync(join(d, 'kernels-simd.wasm'))) ?? null;
}

/** Overrides for tests: other bytes (a corrupt module), or a runtime that validates nothing. */
export interface LoadOptions {
  readonly bytes?: { readonly simd: Uint8Array<ArrayBuffer>; readonly relaxed: Uint8Array<ArrayBuffer> };
  readonly validate?: (bytes: Uint8Array<ArrayBuffer>) => boolean;
}

function sharedMemoryWorks(): boolean {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

export function loadKernels(opts: LoadOptions = {}): LoadedKernels | { readonly error: string } {
  if (typeof WebAssembly !== 'object') return { error: 'this runtime has no WebAssembly' };
  if (!sharedMemoryWorks()) return { error: 'this runtime has no shared WebAssembly memory (threads)' };
  let bytes = opts.bytes;
  if (!bytes) {
    const dir = wasmDir();
    if (!dir) return { error: 'the WebAssembly kernels are not built (node scripts/build.mjs)' };
    const file = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
    bytes = { simd: file('kernels-simd.wasm'), relaxed: file('kernels-relaxed.wasm') };
  }
  const validate = opts.validate ?? ((b: Uint8Array<ArrayBuffer>) => WebAssembly.validate(b));
  const relaxed = validate(bytes.relaxed);
  const chosen = relaxed ? bytes.relaxed : bytes.simd;
  if (!relaxed && !validate(bytes.simd)) return { error: 'this runtime has no WebAssembly SIMD' };
  try {
    return { module: new WebAssembly.Module(chosen), relaxed };
  } catch (e) {
    return { error: `the WebAssembly kernels failed to compile: ${e instanceof Error ? e.message : String(e)}` };
  }
}
