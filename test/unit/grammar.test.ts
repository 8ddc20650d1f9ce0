// The TextMate grammar colours what a person expects: block keywords, layer names, keys, numbers.
// Checked with the real TextMate engine (vscode-textmate + oniguruma), the one VS Code uses.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';

const root = join(__dirname, '..', '..');

async function tokenizer() {
  const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => parseRawGrammar(readFileSync(join(root, 'syntaxes', 'mlab.tmLanguage.json'), 'utf8'), 'mlab.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.mlab');
  assert.ok(grammar);
  return (line: string) => {
    const { tokens } = grammar.tokenizeLine(line, INITIAL);
    return tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.at(-1)]);
  };
}

describe('TextMate grammar', () => {
  let tokenize: (line: string) => (string | undefined)[][];
  before(async () => (tokenize = await tokenizer()));

  const scopeOf = (line: string, text: string) => tokenize(line).find(([t]) => t === text)?.[1];

  it('colours block headers and their names', () => {
    assert.equal(scopeOf('model cnn(input [1, 28, 28]) {', 'model'), 'storage.type.block.mlab');
    assert.equal(scopeOf('model cnn(input [1, 28, 28]) {', 'cnn'), 'entity.name.type.mlab');
    assert.equal(scopeOf('train mlp on fashion {', 'train'), 'storage.type.block.mlab');
  });

  it('colours layer names, keys, numbers and comments', () => {
    assert.equal(scopeOf('  conv2d 32 kernel 3 pad same relu', 'conv2d'), 'support.function.layer.mlab');
    assert.equal(scopeOf('  conv2d 32 kernel 3 pad same relu', '32'), 'constant.numeric.mlab');
    assert.equal(scopeOf('  optimizer: adam lr 0.001', 'optimizer'), 'variable.other.property.mlab');
    assert.equal(scopeOf('  optimizer: adam lr 0.001', '0.001'), 'constant.numeric.mlab');
    assert.equal(scopeOf('# a note', '# a note'), 'comment.line.number-sign.mlab');
    assert.equal(scopeOf('  repeat 4 {', 'repeat'), 'keyword.control.mlab');
  });
});
