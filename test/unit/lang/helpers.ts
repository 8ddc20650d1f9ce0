// Shared helpers of the language tests.
import { analyze, type Analysis } from '../../../src/lang/analyze';
import type { Diagnostic } from '../../../src/lang/diagnostics';

/** "line:col severity: message", 1-based like the CLI, for compact assertions. */
export function describe1(d: Diagnostic): string {
  return `${d.range.startLine + 1}:${d.range.startCol + 1} ${d.severity}: ${d.message}`;
}

export function diagnosticsOf(text: string): string[] {
  return analyze(text).diagnostics.map(describe1);
}

export function errorsOf(text: string): string[] {
  return analyze(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

export function warningsOf(text: string): string[] {
  return analyze(text)
    .diagnostics.filter((d) => d.severity === 'warning')
    .map((d) => d.message);
}

/** A file with one model block around the given layer lines. */
export function modelWith(input: string, layers: string): string {
  return `model m(input ${input}) {\n${layers}\n}\n`;
}

/** The model's graph, asserting the file is clean. */
export function cleanGraph(text: string): NonNullable<Analysis['models'][number]['graph']> {
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`unexpected errors: ${errors.map(describe1).join('; ')}`);
  const graph = analysis.models[0]?.graph;
  if (!graph) throw new Error('no graph');
  return graph;
}

export const TOY = `data toy {
  source: synthetic(moons)
  split: val 0.2
}

model m(input [2]) {
  dense 8 relu
  dense 2
}
`;

/** TOY plus a train block with the given settings. */
export function trainWith(settings: string, header = 'train m on toy'): string {
  return `${TOY}\n${header} {\n${settings}\n}\n`;
}
