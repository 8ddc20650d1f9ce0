import * as assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/rng';
import { pieces } from '../../../src/engine/data/tokenizers/bpe';
import {
  DEFAULT_OPTIONS,
  learnTokenizer,
  tokenizerFromJson,
  VocabError,
  type TokenizerKind,
  type TokenizerOptions,
} from '../../../src/engine/data/tokenizers/tokenizer';

const opts = (kind: TokenizerKind, o: Partial<TokenizerOptions> = {}): TokenizerOptions => ({ ...DEFAULT_OPTIONS, kind, ...o });
const TEXT = 'the cat sat on the mat. the dog sat on the log!\nThe end.';

describe('data: tokenizers', () => {
  describe('char', () => {
    it('puts <pad> 0 and <unk> 1 first, then characters most frequent first, ties by code point', () => {
      const t = learnTokenizer('abbccc', opts('char'));
      assert.deepEqual(t.toJSON().tokens, ['<pad>', '<unk>', 'c', 'b', 'a']);
      assert.deepEqual(learnTokenizer('ba', opts('char')).toJSON().tokens, ['<pad>', '<unk>', 'a', 'b']);
      assert.deepEqual(t.encode('cab'), [2, 4, 3]);
    });
    it('adds <bos> and <eos> after <pad> and <unk> when asked', () => {
      const t = learnTokenizer('ab', opts('char', { bos: true, eos: true }));
      assert.deepEqual(t.toJSON().tokens.slice(0, 4), ['<pad>', '<unk>', '<bos>', '<eos>']);
      assert.equal(t.size, 6);
    });
    it('maps characters outside the vocabulary and below min_count to <unk>', () => {
      const t = learnTokenizer('aaab', opts('char', { minCount: 2 }));
      assert.deepEqual(t.encode('abz'), [2, 1, 1]);
      assert.equal(t.decode([2, 1]), 'a\uFFFD');
    });
    it('vocab N keeps the N - specials most frequent; more than the text has is an error naming the count', () => {
      const t = learnTokenizer('aaabbc', opts('char', { vocab: 4 }));
      assert.deepEqual(t.toJSON().tokens, ['<pad>', '<unk>', 'a', 'b']);
      assert.throws(
        () => learnTokenizer('abc', opts('char', { vocab: 5000 })),
        (e: Error) => {
          assert.ok(e instanceof VocabError);
          assert.match(e.message, /vocab 5000 but the training text has only 3 distinct characters/);
          return true;
        },
      );
    });
    it('round-trips text of its own characters, emoji and CJK as single code points', () => {
      const s = 'héllo 👋 世界\n';
      const t = learnTokenizer(s, opts('char'));
      assert.equal(t.encode('👋').length, 1);
      assert.equal(t.decode(t.encode(s)), s);
    });
    it('is deterministic: the same text gives the same vocabulary', () => {
      assert.deepEqual(learnTokenizer(TEXT, opts('char')).toJSON(), learnTokenizer(TEXT, opts('char')).toJSON());
    });
  });

  describe('word', () => {
    it('lower-cases and splits punctuation by default', () => {
      const t = learnTokenizer(TEXT, opts('word'));
      const tokens = t.toJSON().tokens;
      assert.equal(tokens[2], 'the'); // 5 times, "The" included
      assert.ok(tokens.includes('.') && tokens.includes('!') && !tokens.includes('The'));
      assert.equal(t.decode(t.encode('The cat sat.')), 'the cat sat.');
    });
    it('keeps case and punctuation attached with lower off and punct off', () => {
      const t = learnTokenizer(TEXT, opts('word', { lower: false, punct: false }));
      const tokens = t.toJSON().tokens;
      assert.ok(tokens.includes('The') && tokens.includes('mat.') && !tokens.includes('.'));
    });
    it('unknown words are <unk>; vocab too large names the number of distinct words', () => {
      const t = learnTokenizer('a b a', opts('word'));
      assert.deepEqual(t.encode('a zebra'), [2, 1]);
      assert.throws(() => learnTokenizer('a b a', opts('word', { vocab: 10 })), /only 2 distinct words/);
    });
  });

  describe('bpe (byte-level)', () => {
    const corpus = 'low lower lowest newer newest wider widest '.repeat(20);
    it('starts from the 256 bytes after the specials and learns merges up to vocab', () => {
      const t = learnTokenizer(corpus, opts('bpe', { vocab: 270 }));
      assert.equal(t.size, 270);
      assert.equal(t.toJSON().merges!.length, 270 - 258);
      assert.equal(t.toJSON().tokens[2 + 'a'.charCodeAt(0)], 'a');
    });
    it('learns the most frequent pair first, ties to the smaller ids (deterministic)', () => {
      // Pieces 'ab' ' ab' ' ab' ' cd' ' cd' ' cd': (a,b), (' ',c) and (c,d) are seen 3 times; (' ',c) has
      // the smallest ids. Then (a,b) = 3 ties with (' c',d) = 3, and a's id is the smaller.
      const t = learnTokenizer('ab ab ab cd cd cd', opts('bpe', { vocab: 258 + 2 }));
      const id = (ch: string) => ch.charCodeAt(0) + 2;
      assert.deepEqual(t.toJSON().merges, [
        [id(' '), id('c')],
        [id('a'), id('b')],
      ]);
      assert.deepEqual(learnTokenizer('ab ab ab cd cd cd', opts('bpe', { vocab: 260 })).toJSON(), t.toJSON());
    });
    it('merges pairs: a frequent word becomes one id', () => {
      const t = learnTokenizer(corpus, opts('bpe', { vocab: 277 }));
      assert.equal(t.encode(' lowest').length, 1);
      assert.ok(t.encode('lowest').length < 'lowest'.length);
    });
    it('decode(encode(s)) == s for any UTF-8 text, unseen characters included (bytes are never unknown)', () => {
      const t = learnTokenizer(corpus, opts('bpe', { vocab: 277 }));
      for (const s of [
        '',
        'lowest newest',
        'Emoji 👩‍👩‍👧 🎉, CJK 世界你好, accents é̃, tabs\t\tand\n\n newlines  ',
        "it's we'll they're 12345 $%^&*",
        '\u0000\u007f\uffff 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      ]) {
        const ids = t.encode(s);
        assert.ok(
          ids.every((i) => i >= 2 && i < t.size),
          s,
        );
        assert.equal(t.decode(ids), s);
      }
    });
    it('decode(encode(s)) == s for 200 random strings of code points from every plane (seeded)', () => {
      const t = learnTokenizer(corpus, opts('bpe', { vocab: 277 }));
      const rng = new Rng(11);
      for (let n = 0; n < 200; n++) {
        const cps = Array.from({ length: rng.int(40) }, () => {
          const plane = rng.int(4);
          const cp =
            plane === 0
              ? rng.int(128)
              : plane === 1
                ? rng.int(0xd800)
                : plane === 2
                  ? 0xe000 + rng.int(0x2000)
                  : 0x10000 + rng.int(0xfffff);
          return cp;
        });
        const s = String.fromCodePoint(...cps);
        assert.equal(t.decode(t.encode(s)), s, JSON.stringify(s));
      }
    });
    it('pieces cover the text, as GPT-2 cuts it', () => {
      assert.deepEqual(pieces("Hello world's  end!"), ['Hello', ' world', "'s", ' ', ' end', '!']);
    });
    it('stops when no pair is seen twice; an explicit vocab the text cannot fill is an error', () => {
      const t = learnTokenizer('abc', opts('bpe'));
      assert.equal(t.size, 258);
      assert.throws(() => learnTokenizer('abc', opts('bpe', { vocab: 400 })), /vocab 400 but the training text fills only 258 ids/);
      assert.throws(() => learnTokenizer('abc', opts('bpe', { vocab: 100 })), /bpe needs vocab 258 or more/);
    });
  });

  it('each kind rebuilt from its stored JSON encodes to the same ids', () => {
    for (const kind of ['char', 'word', 'bpe'] as const) {
      const t = learnTokenizer(TEXT.repeat(3), opts(kind, { bos: true }));
      const again = tokenizerFromJson(JSON.parse(JSON.stringify(t.toJSON())));
      assert.deepEqual(again.encode(TEXT), t.encode(TEXT), kind);
      assert.equal(again.size, t.size);
    }
  });
});
