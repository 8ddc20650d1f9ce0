// Generated experiments far past any sample: deep nesting, 10^5 layers, huge numbers, long sweeps,
// long lines, many blocks, many errors (seeded, so a failure reproduces). Each must analyse without
// an exception, in time proportional to its size, with diagnostics inside the document and capped,
// and with finite counts in every text the editor shows (summary, hover, CodeLens).
import { strict as assert } from 'node:assert';
import type { SourceRange } from '../../../src/graph/ir';
import { formatSummary } from '../../../src/graph/summary';
import { analyze } from '../../../src/lang/analyze';
import { completionsAt } from '../../../src/lang/completion';
import { formatText } from '../../../src/lang/format';
import { hoverAt } from '../../../src/lang/hover';
import { MAX_DIAGNOSTICS } from '../../../src/lang/limits';
import { documentSymbols } from '../../../src/lang/symbols';
import { modelSummaryMarkdown, summaryLensTitle } from '../../../src/extension/language/model-summary';
import { Rng } from '../../../src/engine/rng';

const ADAM = { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
/** CPU time in proportion to the text and to the graph built from it (which MAX_GRAPH_NODES
 *  caps): generous, yet a quadratic step at 10^5 lines would take minutes. */
const budgetMs = (text: string, layersBuilt = 0) => 300 + text.length / 100 + layersBuilt / 20;

/** The engine's seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)];
const HUGE = ['1e308', '1e309', '9007199254740993', '1e-320', '0', '-1', '4294967297', '1e99999', '2.5', '1073741825', '16777217'];
const LAYER_LINES = ['dense 8 relu', 'dropout 0.1', 'layernorm', 'relu', 'dense 8', 'batchnorm', 'tanh', 'flatten'];
const DATA = 'data d {\n  source: synthetic(moons)\n}\n';

const GENERATORS: Record<string, (rand: Rand) => string> = {
  'deep bodies': (rand) => {
    const depth = 100 + int(rand, 3000);
    const open = Array.from({ length: depth }, () => (rand() < 0.5 ? 'residual {' : `repeat ${1 + int(rand, 3)} {`)).join('\n');
    const closed = rand() < 0.7 ? '}\n'.repeat(depth + 1) : '';
    return `model m(input [8]) {\n${open}\n  dense 8\n${closed}${DATA}train m on d {\n  loss: mse\n}\n`;
  },
  'deep brackets': (rand) => {
    const depth = 40 + int(rand, 20_000);
    const opens = Array.from({ length: depth }, () => pick(rand, ['[', 'f(', '[', 'g(']));
    const closes = opens
      .map((o) => (o === '[' ? ']' : ')'))
      .reverse()
      .join('');
    const value = opens.join('') + '1' + (rand() < 0.8 ? closes : '');
    return pick(rand, [
      `model m(input ${value}) {\n  dense 2\n}\n`,
      `data d {\n  source: ${value}\n}\n`,
      `model m(input [2]) {\n  dense ${value}\n}\n`,
    ]);
  },
  '10^5 layers': (rand) => `model m(input [8]) {\n${Array.from({ length: 100_000 }, () => `  ${pick(rand, LAYER_LINES)}`).join('\n')}\n}\n`,
  'huge numbers': (rand) => {
    const n = () => pick(rand, HUGE);
    const layers = [
      `dense ${n()}`,
      `conv2d ${n()} kernel ${n()} stride ${n()} pad ${n()}`,
      `maxpool ${n()}`,
      `dropout ${n()}`,
      `repeat ${n()} {\n    dense ${n()}\n  }`,
      `dense [${n()}, ${n()}]`,
    ];
    const model = `model m(input [${n()}, ${n()}, ${n()}]) {\n  flatten\n${Array.from({ length: 20 }, () => `  ${pick(rand, layers)}`).join('\n')}\n}\n`;
    const wide = `model w(input [${n()}]) {\n  dense ${n()} relu\n  dense ${n()}\n}\n`;
    return (
      `${model}${wide}data d {\n  source: synthetic(moons, size ${n()})\n  split: val ${n()}\n}\n` +
      `train m on d {\n  loss: mse\n  batch: ${n()}\n  epochs: ${n()}\n  optimizer: sgd lr ${n()} momentum ${n()}\n}\n` +
      `train w on d {\n  loss: mse\n  batch: ${n()}\n}\n`
    );
  },
  'long sweeps': (rand) => {
    const keys = ['lr', 'batch', 'epochs', 'seed', 'momentum', 'weight_decay', 'l1', 'clip', 'nope'];
    const lines = Array.from(
      { length: 1 + int(rand, 1000) },
      () => `  sweep: ${pick(rand, keys)} [${Array.from({ length: 1 + int(rand, 200) }, (_, i) => i + 1).join(', ')}]`,
    );
    return `model m(input [2]) {\n  dense 1\n}\n${DATA}train m on d {\n  loss: mse\n${lines.join('\n')}\n}\n`;
  },
  'long lines': (rand) => {
    const width = 50_000 + int(rand, 100_000);
    return pick(rand, [
      `model m(input [2]) {\n  dense 4 ${'relu '.repeat(width / 5)}\n}\n`,
      `data d {\n  source: csv("${'x'.repeat(width)}")\n}\n`,
      `# ${'note '.repeat(width / 5)}\nmodel m(input [2]) {\n  dense ${'1'.repeat(width)}\n}\n`,
      `model m(input [${Array.from({ length: width / 4 }, () => '2').join(', ')}]) {\n  dense 1\n}\n`,
    ]);
  },
  'many blocks': (rand) => {
    const count = 1000 + int(rand, 2000);
    return Array.from({ length: count }, (_, i) =>
      pick(rand, [
        `model m${i}(input [4]) {\n  dense 4 relu\n  dense 2\n}\n`,
        `data d${i} {\n  source: synthetic(xor)\n}\n`,
        `train m${i} on d${i - 1} {\n  loss: mse\n}\n`,
        `model m(input [4]) {\n  dense 2\n}\n`,
      ]),
    ).join('');
  },
  'many errors': (rand) =>
    Array.from({ length: 20_000 + int(rand, 80_000) }, () =>
      pick(rand, ['@', 'dense', '}', '{', 'model', 'x y z', '"open', '[', ')']),
    ).join('\n'),
};

function assertInside(range: SourceRange, lines: readonly string[], what: string): void {
  const ok =
    range.startLine >= 0 &&
    range.endLine < lines.length &&
    (range.startLine < range.endLine || (range.startLine === range.endLine && range.startCol <= range.endCol)) &&
    range.startCol <= lines[range.startLine].length &&
    range.endCol <= lines[range.endLine].length;
  assert.ok(ok, `${what} range ${JSON.stringify(range)} is outside the document`);
}

const FINITE_TEXT = /Infinity|NaN|∞/;

function checkCase(text: string, rand: Rand): void {
  const lines = text.split(/\r\n|\r|\n/);
  // This process's CPU time, not the wall clock: on a shared machine other work stretches the
  // latter by several times, while a quadratic step would still take minutes of CPU.
  const t0 = process.cpuUsage();
  const analysis = analyze(text);
  const used = process.cpuUsage(t0);
  const elapsed = (used.user + used.system) / 1000;
  const layersBuilt = analysis.models.reduce((sum, m) => sum + m.layers.length, 0);
  const budget = budgetMs(text, layersBuilt);
  assert.ok(
    elapsed <= budget,
    `analysis took ${elapsed.toFixed(0)} ms of CPU for ${text.length} characters and ${layersBuilt} layers (budget ${budget.toFixed(0)} ms)`,
  );
  assert.ok(analysis.diagnostics.length <= MAX_DIAGNOSTICS + 1, `${analysis.diagnostics.length} diagnostics`);
  for (const d of analysis.diagnostics) assertInside(d.range, lines, `diagnostic '${d.message.slice(0, 80)}'`);
  for (const model of analysis.models.slice(0, 50)) {
    const texts = [summaryLensTitle(analysis, model), modelSummaryMarkdown(analysis, model)];
    if (model.graph) texts.push(formatSummary(model.graph, { batch: 32, optimizer: ADAM }));
    for (const t of texts) assert.doesNotMatch(t, FINITE_TEXT, `model ${model.name}: ${t.slice(0, 200)}`);
  }
  documentSymbols(analysis);
  for (let i = 0; i < 5; i++) {
    const line = int(rand, lines.length);
    const pos = { line, col: int(rand, lines[line].length + 1) };
    const hover = hoverAt(analysis, pos);
    if (hover) assertInside(hover.range, lines, 'hover');
    assertInside(completionsAt(analysis, pos).replaceRange, lines, 'completion');
  }
  const t1 = performance.now();
  formatText(text);
  assert.ok(performance.now() - t1 <= budgetMs(text), 'formatting took longer than its budget');
}

describe('fuzz: generated deep, wide and huge experiments', function () {
  this.timeout(120_000);
  for (const [index, [name, generate]] of Object.entries(GENERATORS).entries()) {
    it(name, () => {
      const rand = random(7000 + index);
      const cases = name === '10^5 layers' ? 1 : 2;
      for (let i = 0; i < cases; i++) {
        const text = generate(rand);
        try {
          checkCase(text, rand);
        } catch (error) {
          throw new Error(
            `${name}, case ${i} (${text.length} characters, starting ${JSON.stringify(text.slice(0, 120))}): ${(error as Error).stack}`,
          );
        }
      }
    });
  }
});
