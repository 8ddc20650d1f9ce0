// A token list tokenizer (char and word share it): ids by position, specials first, then the
// training text's tokens most frequent first, cut at `vocab`.
import { rankByCount, specials, UNK, VocabError, type Tokenizer, type TokenizerJson, type TokenizerOptions } from './types';

export interface Splitter {
  /** The tokens of a text, in order. */
  split(text: string): string[];
  /** Joins decoded tokens back into text. */
  join(tokens: readonly string[]): string;
  /** What a token is called in messages ("distinct characters"). */
  readonly unit: string;
}

export function learnVocab(text: string, o: TokenizerOptions, splitter: Splitter): TokenizerJson {
  const special = specials(o);
  const ranked = rankByCount(splitter.split(text), o.minCount);
  if (o.vocab !== null && o.vocab < special.length + 1)
    throw new VocabError(`vocab ${o.vocab} leaves no room besides the ${special.length} special tokens (${special.join(' ')})`);
  if (o.vocab !== null && o.vocab > special.length + ranked.length)
    throw new VocabError(
      `vocab ${o.vocab} but the training text has only ${ranked.length} distinct ${splitter.unit}${o.minCount > 1 ? ` seen ${o.minCount} times or more` : ''}` +
        ` (${special.length + ranked.length} with the special tokens); lower it or leave it out`,
    );
  const kept = o.vocab === null ? ranked : ranked.slice(0, o.vocab - special.length);
  return { format: 'model-lab-tokenizer', version: 1, options: o, tokens: [...special, ...kept.map((r) => r.token)] };
}

export function vocabTokenizer(json: TokenizerJson, splitter: Splitter): Tokenizer {
  const tokens = json.tokens;
  const first = specials(json.options).length;
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => i >= first && ids.set(t, i));
  return {
    options: json.options,
    size: tokens.length,
    encode: (text) => splitter.split(text).map((t) => ids.get(t) ?? UNK),
    decode: (list) => {
      const out: string[] = [];
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (id === UNK) out.push('\uFFFD');
        else if (id >= first && id < tokens.length) out.push(tokens[id]!);
      }
      return splitter.join(out);
    },
    tokenText: (id) => tokens[id] ?? '<unk>',
    toJSON: () => json,
  };
}
