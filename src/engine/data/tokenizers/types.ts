// What every tokenizer shares: the special ids (sequence conventions point 3: 0 is <pad>, 1 is
// <unk>, then <bos> and <eos> when asked), the options a data block gives, and the stored form
// (tokenizer.json, the run record) from which tokenizer.ts rebuilds the same tokenizer.

export type TokenizerKind = 'char' | 'word' | 'bpe';

export const PAD = 0;
export const UNK = 1;

export interface TokenizerOptions {
  readonly kind: TokenizerKind;
  /** Largest vocabulary, specials included; null: every token seen (char, word), 512 (bpe). */
  readonly vocab: number | null;
  /** char / word: tokens seen fewer times in the training text become <unk>. */
  readonly minCount: number;
  readonly bos: boolean;
  readonly eos: boolean;
  /** word: lower-case before splitting. */
  readonly lower: boolean;
  /** word: punctuation marks are tokens of their own ("end." is "end" "."). */
  readonly punct: boolean;
}

export const DEFAULT_OPTIONS: Omit<TokenizerOptions, 'kind'> = {
  vocab: null,
  minCount: 1,
  bos: false,
  eos: false,
  lower: true,
  punct: true,
};

/** The stored tokenizer: char and word list their tokens by id; bpe lists its merges in order. */
export interface TokenizerJson {
  readonly format: 'model-lab-tokenizer';
  readonly version: 1;
  readonly options: TokenizerOptions;
  /** Every id's text, specials included ("<pad>", "<unk>", ...); for bpe, the bytes as latin-1. */
  readonly tokens: readonly string[];
  /** bpe only: pairs of ids, merge i making id (first learned id + i). */
  readonly merges?: readonly (readonly [number, number])[];
}

export interface Tokenizer {
  readonly options: TokenizerOptions;
  /** Number of ids (the embedding's VOCAB). */
  readonly size: number;
  encode(text: string): number[];
  /** Text from ids; <pad>, <bos> and <eos> decode to nothing, <unk> to U+FFFD. */
  decode(ids: ArrayLike<number>): string;
  /** How one id reads in a preview: its text, or its special name. */
  tokenText(id: number): string;
  toJSON(): TokenizerJson;
}

/** The special tokens in id order for these options. */
export function specials(o: Pick<TokenizerOptions, 'bos' | 'eos'>): string[] {
  return ['<pad>', '<unk>', ...(o.bos ? ['<bos>'] : []), ...(o.eos ? ['<eos>'] : [])];
}

export class VocabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VocabError';
  }
}

/** Counts tokens; returns them most frequent first, ties in code-point order (deterministic). */
export function rankByCount(tokens: Iterable<string>, minCount: number): { token: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .filter(([, c]) => c >= minCount)
    .map(([token, count]) => ({ token, count }))
    .sort((a, b) => b.count - a.count || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
}
