import { strict as assert } from 'node:assert';
import { lex } from '../../../src/lang/lexer';

const kinds = (text: string) => lex(text).tokens.map((t) => t.kind);
const texts = (text: string) =>
  lex(text)
    .tokens.filter((t) => t.kind !== 'eof')
    .map((t) => t.text);

describe('lexer', () => {
  it('reads names, numbers, strings and punctuation with exact ranges', () => {
    const { tokens } = lex('dense 64 relu\n  source: idx("a b.gz")');
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.text, t.range.startLine, t.range.startCol, t.range.endCol]),
      [
        ['ident', 'dense', 0, 0, 5],
        ['number', '64', 0, 6, 8],
        ['ident', 'relu', 0, 9, 13],
        ['newline', '\n', 0, 13, 13],
        ['ident', 'source', 1, 2, 8],
        [':', ':', 1, 8, 9],
        ['ident', 'idx', 1, 10, 13],
        ['(', '(', 1, 13, 14],
        ['string', 'a b.gz', 1, 14, 22],
        [')', ')', 1, 22, 23],
        ['eof', '', 1, 23, 23],
      ],
    );
  });

  it('reads every number form', () => {
    const values = lex('1 0.5 .5 1e-3 2.5E+2 10.')
      .tokens.filter((t) => t.kind === 'number')
      .map((t) => t.value);
    assert.deepEqual(values, [1, 0.5, 0.5, 0.001, 250, 10]);
  });

  it('keeps dotted names whole but drops a trailing dot', () => {
    assert.deepEqual(texts('optimizer.lr val_loss x.'), ['optimizer.lr', 'val_loss', 'x']);
  });

  it('sends # notes to the comment list', () => {
    const result = lex('# a note\ndense 4 # why\n');
    assert.deepEqual(
      result.comments.map((c) => [c.text, c.range.startLine, c.range.startCol]),
      [
        [' a note', 0, 0],
        [' why', 1, 8],
      ],
    );
    assert.deepEqual(kinds('# only\n'), ['newline', 'eof']);
  });

  it('decodes escapes in strings and reports an unclosed one', () => {
    assert.equal(lex('"a\\"b\\\\c"').tokens[0].text, 'a"b\\c');
    const result = lex('x "open\ny');
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].message, 'this string is missing its closing quote');
    assert.deepEqual(texts('x "open\ny'), ['x', 'open', '\n', 'y']);
  });

  it('reports a run of stray characters once', () => {
    const result = lex('dense 4 @@$ relu');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.message, d.range.startCol, d.range.endCol]),
      [["unexpected character '@@$'", 8, 11]],
    );
    assert.deepEqual(texts('dense 4 @@$ relu'), ['dense', '4', 'relu']);
  });

  it('treats \\r\\n as one newline', () => {
    const { tokens } = lex('a\r\nb');
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.range.startLine]),
      [
        ['ident', 0],
        ['newline', 0],
        ['ident', 1],
        ['eof', 1],
      ],
    );
  });
});

import { closest, didYouMean, editDistance } from '../../../src/lang/suggest';

describe('did you mean', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    assert.equal(editDistance('dense', 'dense'), 0);
    assert.equal(editDistance('dnese', 'dense'), 1);
    assert.equal(editDistance('kernal', 'kernel'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('conv', 'conv2d'), 2);
  });
  it('suggests only close names, scaled to the word length', () => {
    assert.equal(closest('relo', ['relu', 'elu', 'gelu']), 'relu');
    assert.equal(closest('xyz', ['dense', 'conv2d']), null);
    assert.equal(closest('cros_entropy', ['cross_entropy', 'mse']), 'cross_entropy');
    assert.equal(didYouMean('adma', ['adam', 'sgd']), "; did you mean 'adam'?");
    assert.equal(didYouMean('zzz', ['adam']), '');
  });
});
