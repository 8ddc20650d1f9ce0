// One text as a text classifier's T ids, as training encodes each row (text-csv.ts) and Predict
// encodes what a person types. A file of its own so a webview can take it without the CSV reader.
import { PAD, type Tokenizer } from './tokenizers/tokenizer';

/** Ids of one text: <bos>? ids <eos>?, truncated to `length`, padded with <pad>. */
export function padIds(tokenizer: Tokenizer, text: string, length: number, out: Float32Array, at: number): boolean {
  const o = tokenizer.options;
  const ids = [...(o.bos ? [2] : []), ...tokenizer.encode(text)];
  const eos = o.eos ? (o.bos ? 3 : 2) : -1;
  const room = eos >= 0 ? length - 1 : length;
  const cut = ids.length > room;
  const kept = ids.slice(0, room);
  if (eos >= 0) kept.push(eos);
  out.fill(PAD, at, at + length);
  for (let i = 0; i < kept.length; i++) out[at + i] = kept[i]!;
  return cut;
}
