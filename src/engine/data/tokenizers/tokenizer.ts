// One entry point: learn a tokenizer from training text, or rebuild a stored one.
import { bpeTokenizer, learnBpe } from './bpe';
import { charSplitter } from './char';
import { VocabError, type Tokenizer, type TokenizerJson, type TokenizerOptions } from './types';
import { learnVocab, vocabTokenizer } from './vocab';
import { wordSplitter } from './word';

export * from './types';

export function learnTokenizer(text: string, o: TokenizerOptions): Tokenizer {
  switch (o.kind) {
    case 'char':
      return vocabTokenizer(learnVocab(text, o, charSplitter), charSplitter);
    case 'word':
      return vocabTokenizer(learnVocab(text, o, wordSplitter(o)), wordSplitter(o));
    case 'bpe':
      return bpeTokenizer(learnBpe(text, o));
  }
}

/** The tokenizer a stored TokenizerJson describes (tokenizer.json, the run record). */
export function tokenizerFromJson(json: TokenizerJson): Tokenizer {
  if (json?.format !== 'model-lab-tokenizer' || !Array.isArray(json.tokens)) throw new VocabError('not a Model Lab tokenizer');
  switch (json.options.kind) {
    case 'char':
      return vocabTokenizer(json, charSplitter);
    case 'word':
      return vocabTokenizer(json, wordSplitter(json.options));
    case 'bpe':
      return bpeTokenizer(json);
    default:
      throw new VocabError(`unknown tokenizer kind '${String((json.options as { kind?: unknown }).kind)}'`);
  }
}
