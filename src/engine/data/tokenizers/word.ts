// Words: runs of letters, digits, marks, apostrophes and underscores; with `punct` (the default)
// every other non-space character is a token of its own, without it a word runs to the next
// space. `lower` (the default) lower-cases first. Decoding puts one space between words and none
// before closing punctuation, so it gives the text back up to spacing and case.
import type { TokenizerOptions } from './types';
import type { Splitter } from './vocab';

const WORD = /[\p{L}\p{N}\p{M}_']+|[^\s\p{L}\p{N}\p{M}_']/gu;
const SPACED = /\S+/g;
const CLOSING = /^[.,!?;:)\]}%]$/;
const OPENING = /^[([{]$/;

export function wordSplitter(o: Pick<TokenizerOptions, 'lower' | 'punct'>): Splitter {
  const re = o.punct ? WORD : SPACED;
  return {
    split: (text) => (o.lower ? text.toLowerCase() : text).match(re) ?? [],
    join: (tokens) => {
      let out = '';
      tokens.forEach((t, i) => {
        if (i > 0 && !CLOSING.test(t) && !OPENING.test(tokens[i - 1]!)) out += ' ';
        out += t;
      });
      return out;
    },
    unit: 'words',
  };
}
