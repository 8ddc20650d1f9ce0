// Builds the WebAssembly kernels (src/engine/backends/wasm/kernels, AssemblyScript) into
// dist/wasm/: kernels-simd.wasm (128-bit SIMD) and kernels-relaxed.wasm (SIMD + relaxed SIMD's
// FMA); the backend validates the relaxed one and falls back to the plain one where the runtime
// lacks relaxed SIMD. Both import a shared memory (env.memory) so worker threads share it.
// Called by scripts/build.mjs, and by the tests that need the files (buildWasm skips an
// up-to-date build). Run directly: node scripts/build-wasm.mjs
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const SRC = join(root, 'src/engine/backends/wasm/kernels');
export const WASM_OUT = join(root, 'dist/wasm');
const VARIANTS = [
  { file: 'kernels-simd.wasm', features: 'simd,threads' },
  { file: 'kernels-relaxed.wasm', features: 'simd,relaxed-simd,threads' },
];

function newestSource() {
  return Math.max(...readdirSync(SRC).map((f) => statSync(join(SRC, f)).mtimeMs), statSync(new URL(import.meta.url)).mtimeMs);
}

function upToDate() {
  const src = newestSource();
  return VARIANTS.every((v) => {
    try {
      return statSync(join(WASM_OUT, v.file)).mtimeMs >= src;
    } catch {
      return false;
    }
  });
}

/** Compiles both variants unless they are newer than every kernel source; returns the folder. */
export async function buildWasm({ force = false, log = console.log } = {}) {
  if (!force && upToDate()) return WASM_OUT;
  const asc = (await import('assemblyscript/asc')).default;
  mkdirSync(WASM_OUT, { recursive: true });
  for (const v of VARIANTS) {
    const args = [join(SRC, 'index.ts'), '--enable', v.features, '-O3', '--noAssert', '--runtime', 'stub'];
    args.push('--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536', '--noExportMemory');
    args.push('--outFile', join(WASM_OUT, v.file));
    const { error, stderr } = await asc.main(args);
    if (error) throw new Error(`asc ${v.file}: ${error.message}\n${stderr.toString()}`);
    log(`built dist/wasm/${v.file}`);
  }
  return WASM_OUT;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  buildWasm({ force: process.argv.includes('--force') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
