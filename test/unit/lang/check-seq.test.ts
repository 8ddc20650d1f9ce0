// Diagnostics of token inputs and sequence layers, on the line that causes them.
import { strict as assert } from 'node:assert';
import { diagnosticsOf } from './helpers';

const tokens = (t: string, layers: string) => `model m(tokens ${t}) {\n${layers}\n}\n`;
const values = (shape: string, layers: string) => `model m(input ${shape}) {\n${layers}\n}\n`;

describe('checker: token inputs and sequence layers', () => {
  it('a token input read by anything but embedding', () => {
    assert.deepEqual(diagnosticsOf(tokens('[64]', '  dense 10')), [
      '2:3 error: a token input into a dense layer: start with embedding VOCAB DIM',
    ]);
    assert.deepEqual(diagnosticsOf(tokens('[64]', '  attention heads 2')), [
      '2:3 error: a token input into an attention layer: start with embedding VOCAB DIM',
    ]);
  });

  it('an embedding needs a token input, and tokens one length', () => {
    assert.deepEqual(diagnosticsOf(values('[8]', '  embedding 10 4')), [
      '2:3 error: embedding 10 4 reads token ids: declare the model with tokens [T] and put embedding first',
    ]);
    assert.deepEqual(diagnosticsOf(tokens('[8, 2]', '  embedding 10 4')), [
      '1:9 error: model m: tokens takes one length, as in tokens [64]',
    ]);
    assert.deepEqual(diagnosticsOf('model m(input [8], tokens [8]) {\n  embedding 10 4\n}\n'), [
      '1:20 error: model m: give input [...] or tokens [T], not both',
    ]);
    assert.deepEqual(diagnosticsOf(tokens('[8]', '  embedding 10 4 pad 10')), [
      '2:3 error: embedding 10 4 pad 10: pad 10 is not a token id below 10',
    ]);
  });

  it('heads that do not divide the width', () => {
    assert.deepEqual(diagnosticsOf(tokens('[8]', '  embedding 10 6\n  attention heads 4')), [
      '3:3 error: attention heads 4: 4 heads do not divide the width 6; use a head count that divides 6',
    ]);
    assert.deepEqual(diagnosticsOf(values('[8, 10]', '  repeat 2 {\n    transformer heads 3 ff 16\n  }')), [
      '3:5 error: transformer heads 3 ff 16: 3 heads do not divide the width 10; use a head count that divides 10',
    ]);
  });

  it('a sequence longer than the positional table', () => {
    assert.deepEqual(diagnosticsOf(tokens('[64]', '  embedding 10 8\n  positional learned max 32')), [
      '3:3 error: positional learned max 32: the sequence has 64 positions but the table 32; raise max to 64 or more',
    ]);
    assert.deepEqual(diagnosticsOf(tokens('[64]', '  embedding 10 8\n  positional learned max 128')), []);
  });

  it('sequence layers need [T, D]', () => {
    assert.deepEqual(diagnosticsOf(values('[8]', '  attention heads 2')), [
      '2:3 error: attention heads 2 got [8] but needs a sequence [length, features]; start with embedding VOCAB DIM',
    ]);
    assert.deepEqual(diagnosticsOf(values('[8, 4]', '  transformer heads 2')), ['2:3 error: transformer needs ff (a whole number >= 1)']);
  });
});
