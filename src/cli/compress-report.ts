// `model-lab compress-report FILE [--repeats N] [--batch B] [--json]`: the size / accuracy / speed
// table of an experiment's variants (src/export/onnx/compress-report.ts).
import { join } from 'node:path';
import { RunFileError } from '../engine/io/atomic';
import { RecordError } from '../engine/io/read-record';
import { compressReport, type CompressRow } from '../export/onnx/compress-report';
import { OnnxExportError } from '../export/onnx/export';
import { EXIT_OK, UserError, type CliCommand, type CliIO } from './command';
import { atLeast, numberFlag, oneFile, parseFlags } from './flags';
import { workspaceOf } from './train';

const HELP = [
  'Usage: model-lab compress-report FILE [--repeats N] [--batch B] [--json]',
  '',
  "One row per variant of the experiment's models: the original (a train block without pruning or a",
  'teacher), each pruned run, each other train block\'s run (a distilled student: "student of X"), and the',
  'int8 variant of each run quantized with `model-lab quantize` — the newest finished run of each block.',
  'Columns: the ONNX file in bytes (a float run without model.onnx is exported first, checked as by',
  '`model-lab export`), non-zero parameters, test accuracy, the median latency of one batch (--batch,',
  "default the run's batch size) over --repeats runs (default 20) in onnxruntime-web (wasm SIMD, one thread),",
  "and each against the original it was made from: its model's, a pruned copy's model of the same layers, a",
  "student's teacher. --json prints the rows as JSON.",
].join('\n');

const FLAGS = { repeats: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } } as const;

export const compressReportCommand: CliCommand = {
  name: 'compress-report',
  summary: "size, non-zero parameters, accuracy and latency of an experiment's pruned, int8 and distilled variants",
  help: HELP,
  async run(args, io) {
    const { values: v, positionals } = parseFlags('compress-report', args, FLAGS);
    const file = oneFile('compress-report', positionals);
    const count = { whole: true, ...atLeast(1) };
    const opts = { repeats: numberFlag('--repeats', v.repeats, count), batch: numberFlag('--batch', v.batch, count) };
    const json = v.json ?? false;
    if (!file) throw new UserError('compress-report needs a file: model-lab compress-report FILE');
    try {
      const rows = await compressReport(file, join(workspaceOf(file), '.modellab', 'runs'), opts);
      if (rows.length === 0) throw new UserError(`${file}: no finished run with weights; train a model first`);
      if (json) io.out(JSON.stringify(rows, null, 2));
      else printTable(io, rows);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof OnnxExportError || e instanceof RunFileError || e instanceof RecordError)
        throw new UserError(e.message, { cause: e });
      throw e;
    }
  },
};

const signed = (v: number, digits: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

/** The rows as aligned text, one line each. */
export function tableLines(rows: readonly CompressRow[]): string[] {
  const cells = rows.map((r) => [
    r.label,
    String(r.bytes),
    `${r.nonZero}/${r.params}`,
    r.accuracy === null ? 'n/a' : `${(100 * r.accuracy).toFixed(2)}%`,
    `${r.latencyMs.toFixed(2)} ms`,
    r.vs
      ? `×${r.vs.bytes.toFixed(3)} size, ${r.vs.accuracyPoints === null ? 'n/a' : `${signed(r.vs.accuracyPoints, 2)} pts`}, ×${r.vs.latency.toFixed(2)} latency`
      : '—',
  ]);
  const head = ['variant', 'bytes', 'non-zero', 'test acc', 'latency', 'vs original'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 0 || i === 5 ? v.padEnd(width[i]!) : v.padStart(width[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

function printTable(io: CliIO, rows: readonly CompressRow[]): void {
  for (const l of tableLines(rows)) io.out(l);
}
