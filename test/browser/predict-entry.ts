// The page side of the Predict text tests: the Predict page's own session and text code
// (webview/predict/run-text.ts, src/export/predict/text.ts) on onnxruntime-web's wasm in Chromium.
// The test calls window.__classify / window.__generate through page.evaluate; assertions stay in Node.
import type { TokenizerJson } from '../../src/engine/data/tokenizers/types';
import type { GenerateOptions } from '../../src/engine/infer/generate';
import { encodeText, generateText, tokenizerOf } from '../../src/export/predict/text';
import { contextRunner, createSession } from '../../webview/predict/run-text';

const w = globalThis as unknown as Record<string, unknown>;
const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

w.__classify = async (model: string, tokenizer: TokenizerJson, texts: string[], T: number) => {
  const run = contextRunner(await createSession(bytes(model), '/ort.wasm'));
  const out: { ids: number[]; logits: number[] }[] = [];
  for (const text of texts) {
    const ids = encodeText(tokenizerOf(tokenizer), text, T);
    out.push({ ids: [...ids], logits: Array.from(await run(ids)) });
  }
  return out;
};

w.__generate = async (model: string, tokenizer: TokenizerJson, shape: [number, number], o: GenerateOptions) => {
  const run = contextRunner(await createSession(bytes(model), '/ort.wasm'));
  const steps: number[] = [];
  const text = await generateText(run, tokenizerOf(tokenizer), shape, o, (_, step) => steps.push(step));
  return { text, steps };
};

w.__ready = true;
