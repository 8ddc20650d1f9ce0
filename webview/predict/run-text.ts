// Text models on the page's onnxruntime-web session: ids go in as int64 [1, T] (a token model's
// input type), logits come out. The tokenising and the sampling are src/export/predict/text.ts's,
// shared with the engine, so the browser tests run this file as the page does.
import * as ort from 'onnxruntime-web/wasm';
import type { RunContext } from '../../src/export/predict/text';

/** The session as a RunContext: one sample of T ids -> its output, flat. */
export function contextRunner(session: ort.InferenceSession): RunContext {
  return async (ids) => {
    const input = new ort.Tensor(
      'int64',
      BigInt64Array.from(ids, (v) => BigInt(v)),
      [1, ids.length],
    );
    const out = await session.run({ [session.inputNames[0]!]: input });
    return out[session.outputNames[0]!]!.data as Float32Array;
  };
}

/** A session on `model`'s bytes, onnxruntime-web's wasm at `wasmUrl`, one thread (a webview has no SharedArrayBuffer). */
export async function createSession(model: Uint8Array, wasmUrl: string): Promise<ort.InferenceSession> {
  ort.env.wasm.wasmPaths = { wasm: wasmUrl };
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
}
