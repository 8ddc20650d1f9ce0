// Text models in Predict, with the run's own tokenizer, exactly as training and Generate do: a
// classifier reads one text as text-csv.ts encodes each training row (<bos>? ids <eos>?, cut or
// padded to T); a language model continues a prompt token by token as src/engine/infer/generate.ts
// does (the last T ids, padding after them, the logits at the last id, the same seeded draw), so
// the page's onnxruntime-web and the engine write the same text for a seed. Pure: no DOM, no ORT.
import { padIds } from '../../engine/data/pad-ids';
import { tokenizerFromJson, type Tokenizer, type TokenizerJson } from '../../engine/data/tokenizers/tokenizer';
import { startIds, type GenerateOptions } from '../../engine/infer/generate';
import { sampleToken } from '../../engine/infer/sample';
import { Rng } from '../../engine/rng';

export const tokenizerOf = (json: TokenizerJson): Tokenizer => tokenizerFromJson(json);

/** One text as a classifier's input: T ids (f32 values, as the engine holds them). */
export function encodeText(tokenizer: Tokenizer, text: string, T: number): Float32Array {
  const x = new Float32Array(T);
  padIds(tokenizer, text, T, x, 0);
  return x;
}

/** The model on one context of T ids: its logits [T, V], flat. */
export type RunContext = (ids: Float32Array) => Promise<ArrayLike<number>>;

/** `o.prompt` continued by `o.length` sampled tokens; `onToken` sees the text so far after each. */
export async function generateText(
  run: RunContext,
  tokenizer: Tokenizer,
  [T, V]: readonly [number, number],
  o: GenerateOptions,
  onToken?: (text: string, step: number) => void,
): Promise<string> {
  const rng = new Rng(o.seed);
  const ids = startIds(tokenizer, o.prompt);
  for (let step = 0; step < o.length; step++) {
    const context = ids.slice(-T);
    const x = new Float32Array(T);
    x.set(context);
    const logits = await run(x);
    const at = (context.length - 1) * V;
    ids.push(sampleToken(Array.prototype.slice.call(logits, at, at + V) as number[], o, rng));
    onToken?.(tokenizer.decode(ids), step + 1);
  }
  return tokenizer.decode(ids);
}
