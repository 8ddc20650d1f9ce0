// Characters (Unicode code points, so an emoji is one token, not two UTF-16 halves).
import type { Splitter } from './vocab';

export const charSplitter: Splitter = {
  split: (text) => Array.from(text),
  join: (tokens) => tokens.join(''),
  unit: 'characters',
};
