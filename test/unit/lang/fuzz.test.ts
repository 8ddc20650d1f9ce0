// Mutates every sample thousands of times (seeded) and checks that nothing throws and every
// range stays inside the document: the parser, checker, graph builder and editor API alike.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRange } from '../../../src/graph/ir';
import { analyze } from '../../../src/lang/analyze';
import { completionsAt } from '../../../src/lang/completion';
import { formatText } from '../../../src/lang/format';
import { hoverAt } from '../../../src/lang/hover';
import { documentSymbols, type OutlineSymbol } from '../../../src/lang/symbols';
import { Rng } from '../../../src/engine/rng';

const SAMPLES = join(__dirname, '../../../samples');
const MUTATIONS_PER_SAMPLE = 1000;
const PIECES = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '/',
  '-',
  '"',
  '#',
  '\n',
  ' ',
  '0',
  '3',
  '1e-3',
  'dense',
  'relu',
  'residual {',
  'repeat 2 {',
  'conv2d 8 kernel 3',
  'flatten',
  'model',
  'data',
  'train',
  'sweep: lr [1, 2]',
  'loss',
  'x',
  '<',
  'pad same',
  'init normal std',
  '@',
  '\t',
  'é',
];

/** The engine's seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}

function mutate(text: string, rand: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const at = Math.floor(rand() * (text.length + 1));
  const lines = text.split('\n');
  switch (Math.floor(rand() * 6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 12));
    case 1:
      return text.slice(0, at) + pick(PIECES) + text.slice(at);
    case 2: {
      const i = Math.floor(rand() * lines.length);
      lines.splice(i, 0, lines[Math.floor(rand() * lines.length)]);
      return lines.join('\n');
    }
    case 3: {
      const i = Math.floor(rand() * lines.length);
      const j = Math.floor(rand() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 4:
      return text.slice(0, at);
    default:
      return text.replace(/[A-Za-z_]+|\d+(\.\d+)?/g, (word) => (rand() < 0.05 ? pick(PIECES) : word));
  }
}

function assertInside(range: SourceRange, lines: readonly string[], what: string): void {
  const ok =
    range.startLine >= 0 &&
    range.endLine < lines.length &&
    (range.startLine < range.endLine || (range.startLine === range.endLine && range.startCol <= range.endCol)) &&
    range.startCol >= 0 &&
    range.startCol <= lines[range.startLine].length &&
    range.endCol <= lines[range.endLine].length;
  assert.ok(ok, `${what} range ${JSON.stringify(range)} is outside the document`);
}

/** Analysis on every mutation; the editor API on every fourth, formatting on every tenth. */
function checkText(text: string, rand: () => number, iteration: number): void {
  const lines = text.split(/\r\n|\r|\n/);
  const analysis = analyze(text);
  for (const d of analysis.diagnostics) assertInside(d.range, lines, `diagnostic '${d.message}'`);
  for (const model of analysis.models) for (const layer of model.layers) assertInside(layer.range, lines, 'layer');
  const visit = (symbols: readonly OutlineSymbol[]) =>
    symbols.forEach((s) => (assertInside(s.range, lines, 'symbol'), assertInside(s.selectionRange, lines, 'symbol'), visit(s.children)));
  if (iteration % 4 !== 0) return;
  visit(documentSymbols(analysis));
  const line = Math.floor(rand() * lines.length);
  const pos = { line, col: Math.floor(rand() * (lines[line].length + 1)) };
  const hover = hoverAt(analysis, pos);
  if (hover) assertInside(hover.range, lines, 'hover');
  assertInside(completionsAt(analysis, pos).replaceRange, lines, 'completion');
  if (iteration % 10 !== 0) return;
  const formatted = formatText(text);
  assert.equal(formatText(formatted), formatted, 'formatting twice changes nothing');
}

describe('fuzz: mutated samples never throw and keep ranges inside the document', () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.mlab'));
  it('has samples to mutate', () => assert.ok(samples.length >= 7));
  for (const [index, name] of samples.entries()) {
    it(`${name}: ${MUTATIONS_PER_SAMPLE} mutations`, function () {
      this.timeout(60_000); // about half a second unloaded; generous for busy CI machines
      const original = readFileSync(join(SAMPLES, name), 'utf8');
      const rand = random(1000 + index);
      let text = original;
      for (let i = 0; i < MUTATIONS_PER_SAMPLE; i++) {
        text = rand() < 0.3 ? mutate(original, rand) : mutate(text, rand); // mostly compound damage, sometimes fresh
        try {
          checkText(text, rand, i);
        } catch (error) {
          throw new Error(`mutation ${i} of ${name} failed: ${(error as Error).message}\n--- text ---\n${text}`);
        }
      }
    });
  }
});
