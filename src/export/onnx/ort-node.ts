// onnxruntime-web in Node (the CLI and the extension host): its wasm backend, one thread, no
// proxy worker, the .wasm/.mjs pair loaded from disk, never from the network. The bundles carry
// the pair in dist/ort/ (scripts/build.mjs copies it); from source they come from node_modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type Ort = typeof import('onnxruntime-web');

/** The one file pair the Node side loads (ort-wasm-simd-threaded.{wasm,mjs}). */
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'] as const;

/** Where the pair lies: `dist/ort/` beside a bundle, else (run from source) the installed package's dist/. */
export function ortWasmDir(): string {
  const bundled = join(__dirname, 'ort');
  if (existsSync(join(bundled, ORT_WASM_FILES[0]))) return bundled;
  return join(__dirname, '..', '..', '..', 'node_modules', 'onnxruntime-web', 'dist');
}

let loaded: Ort | null = null;

/** Loaded on first use (the other commands never pay for it), through `require`: any CommonJS
 *  bundle then takes the package's CommonJS build (its ESM build reads import.meta.url). */
export function nodeOrt(): Ort {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-web') as Ort;
    ort.env.wasm.wasmPaths = `${ortWasmDir()}/`;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    loaded = ort;
  }
  return loaded;
}

/** Runs a model on one batch `x` of `n` samples of `sampleShape`; returns its first output, flat.
 *  `tokens`: x holds token ids, fed as int64 (a token model's input type). */
export async function runOnnx(
  model: Uint8Array,
  x: Float32Array,
  n: number,
  sampleShape: readonly number[],
  tokens = false,
): Promise<Float32Array> {
  const o = nodeOrt();
  const session = await o.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  try {
    const dims = [n, ...sampleShape];
    const input = tokens
      ? new o.Tensor(
          'int64',
          BigInt64Array.from(x, (v) => BigInt(v)),
          dims,
        )
      : new o.Tensor('float32', x, dims);
    const feeds = { [session.inputNames[0]!]: input };
    const out = await session.run(feeds);
    return out[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}
