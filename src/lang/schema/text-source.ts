// `text(...)` and the csv source's forecasting options: syntax, defaults and docs only (loading
// is src/engine/data/text.ts and series.ts). Sequence conventions: ids 0 <pad>, 1 <unk>.
import type { ChoiceDef, OptionDef } from './types';

export const TOKENIZERS = ['char', 'word', 'bpe'] as const;
/** The longest window or padded length a data block may ask for (tokens or rows). */
export const MAX_SEQUENCE = 65_536;
/** The largest vocabulary (ids travel as f32: exact far beyond this). */
export const MAX_VOCAB = 1_000_000;
export const BPE_BYTES = 256;

export const SERIES_OPTIONS: readonly OptionDef[] = [
  {
    name: 'window',
    type: { kind: 'int', min: 1, max: MAX_SEQUENCE },
    defaultText: 'none (one row per example)',
    doc: 'Forecasting: rows per input window; each example is [window, features] and its target the next `horizon` values of `target`.',
  },
  { name: 'horizon', type: { kind: 'int', min: 1, max: MAX_SEQUENCE }, default: 1, doc: 'Forecasting: future values to predict.' },
  { name: 'stride', type: { kind: 'int', min: 1, max: MAX_SEQUENCE }, default: 1, doc: 'Forecasting: rows between window starts.' },
];

export const TEXT_SOURCE: ChoiceDef = {
  name: 'text',
  doc:
    'Text for sequence models. With `window`: a text file cut into language-model windows (x = tokens [t, t+T), y = tokens [t+1, t+T+1)). ' +
    'With `column`: a CSV with one text per row and a `label` column, each text padded with 0 or cut to `length` tokens. ' +
    'The tokenizer is learned from the training split only; ids 0 and 1 are `<pad>` and `<unk>`.',
  example: 'text("data/tiny.txt", tokenizer char, window 64)',
  schema: {
    positional: [{ name: 'path', type: { kind: 'string' }, required: true, doc: 'Path of the text or CSV file.' }],
    options: [
      {
        name: 'tokenizer',
        type: { kind: 'enum', values: TOKENIZERS },
        default: 'char',
        doc: 'char: one token per character; word: words and punctuation marks; bpe: byte-level byte-pair encoding as GPT-2 (never unknown).',
      },
      {
        name: 'window',
        aliases: ['context'],
        type: { kind: 'int', min: 1, max: MAX_SEQUENCE },
        defaultText: 'none',
        doc: 'Language modelling: tokens per window (T); the model takes tokens [T] and predicts the next token at every position.',
      },
      {
        name: 'stride',
        type: { kind: 'int', min: 1, max: MAX_SEQUENCE },
        defaultText: 'window (windows do not overlap)',
        doc: 'Language modelling: tokens between window starts.',
      },
      { name: 'column', type: { kind: 'name' }, defaultText: 'none', doc: 'Classification: the CSV column holding the texts.' },
      { name: 'label', aliases: ['target'], type: { kind: 'name' }, defaultText: 'label', doc: 'Classification: the class column.' },
      {
        name: 'length',
        type: { kind: 'int', min: 1, max: MAX_SEQUENCE },
        default: 128,
        doc: 'Classification: tokens per text; shorter texts are padded with 0 (`<pad>`), longer ones cut.',
      },
      {
        name: 'vocab',
        type: { kind: 'int', min: 3, max: MAX_VOCAB },
        defaultText: 'every token seen (bpe: 512)',
        doc: 'Largest vocabulary, special tokens included; the most frequent tokens are kept (bpe: merges are learned until it is full).',
      },
      {
        name: 'min_count',
        type: { kind: 'int', min: 1 },
        default: 1,
        doc: 'char, word: tokens seen fewer times in the training text become `<unk>` (id 1).',
      },
      { name: 'bos', type: { kind: 'flag' }, default: false, doc: 'Add `<bos>` (id 2) before each text.' },
      { name: 'eos', type: { kind: 'flag' }, default: false, doc: 'Add `<eos>` (id 2, or 3 after `<bos>`) after each text.' },
      { name: 'lower', type: { kind: 'flag' }, default: true, doc: 'word: lower-case the text first.' },
      {
        name: 'punct',
        type: { kind: 'flag' },
        default: true,
        doc: 'word: punctuation marks are tokens of their own; off: words run to the next space.',
      },
    ],
  },
};
