// `model-lab export FILE --format onnx`: a trained model to a standard ONNX file, checked on the
// spot in onnxruntime-web against the engine (src/export/onnx/export-run.ts).
import { join, resolve } from 'node:path';
import { RunFileError } from '../engine/io/atomic';
import { OnnxExportError } from '../export/onnx/export';
import { exportOnnxFile, type OnnxExportResult } from '../export/onnx/export-run';
import { latestRun, ONNX_FILE, sourceFromFile, sourceFromRun, type ExportSource } from '../export/onnx/sources';
import { TOLERANCE } from '../export/onnx/verify';
import { EXIT_OK, EXIT_USER_ERROR, UserError, type CliCommand, type CliIO } from './command';
import { exportPytorch } from './export-pytorch';
import { oneFile, parseFlags } from './flags';
import { formatDiagnostic, readExperiment } from './read-experiment';
import { workspaceOf } from './train';

interface Options {
  file: string;
  model?: string;
  format: string;
  run?: string;
  weights?: string;
  out?: string;
}

const HELP = [
  'Usage: model-lab export FILE [--model NAME] --format onnx [--run DIR | --weights W.safetensors] [--out M.onnx]',
  '       model-lab export FILE [--model NAME] --format pytorch [--out train_NAME.py]',
  '',
  '--format pytorch writes one self-contained Python script: the model as an nn.Module, the same',
  'initialisation, data, loss, optimizer and schedule; it trains with `python3 SCRIPT` or, with',
  'DistributedDataParallel, `torchrun --nproc_per_node=N SCRIPT`, and writes a run record that',
  'Model Lab: Import Run shows beside local runs (docs/export.md).',
  '',
  '--format onnx:',
  'Writes MODEL (default: the model of the first train block) as an ONNX model (opset 17, a',
  'symbolic batch dimension, eval mode: no dropout, batchnorm with its running statistics).',
  'The weights come from --run DIR (a finished run: its record says which model it trained),',
  "from --weights, or else from the model's newest finished run in .modellab/runs.",
  '',
  "Every export is run in onnxruntime-web on a batch of the model's validation inputs and",
  `compared with the engine's own evaluation: the largest difference is printed, and above ${TOLERANCE}`,
  'the export fails and writes nothing. A run folder keeps its model.onnx beside its weights;',
  '--out (default: that file, or model.onnx beside --weights) writes a copy where you want it.',
].join('\n');

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a trained model to ONNX (checked in onnxruntime-web), or the experiment as a PyTorch DDP script',
  help: HELP,
  async run(args, io) {
    const o = parseArgs(args);
    if (o.format === 'pytorch') return exportPytorch(o, io);
    try {
      const { source, runDir } = await resolveSource(o, io);
      if (source === null) return EXIT_USER_ERROR;
      const target = resolve(o.out ?? (runDir ? join(runDir, ONNX_FILE) : join(resolve(o.weights!, '..'), ONNX_FILE)));
      const inRun = runDir ? join(runDir, ONNX_FILE) : target;
      report(io, await exportOnnxFile({ ...source, out: [...new Set([inRun, target])] }));
      return EXIT_OK;
    } catch (e) {
      if (e instanceof OnnxExportError || e instanceof RunFileError) throw new UserError(e.message, { cause: e });
      throw e;
    }
  },
};

async function resolveSource(o: Options, io: CliIO): Promise<{ source: ExportSource | null; runDir: string | null }> {
  const analysis = readExperiment(o.file);
  if (o.run) {
    const source = await sourceFromRun(resolve(o.run));
    if (o.model && o.model !== source.graph.name)
      throw new UserError(`${o.run}: the run trained model '${source.graph.name}', not '${o.model}'`);
    return { source, runDir: resolve(o.run) };
  }
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) io.err(formatDiagnostic(o.file, d));
    return { source: null, runDir: null };
  }
  const model = o.model ?? analysis.trains[0]?.model ?? analysis.models[0]?.name;
  if (!model) throw new UserError(`${o.file}: no model block to export`);
  if (o.weights) return { source: sourceFromFile(analysis, o.file, model, resolve(o.weights)), runDir: null };
  const runs = join(workspaceOf(o.file), '.modellab', 'runs');
  const dir = latestRun(runs, o.file, model);
  if (!dir) throw new UserError(`${o.file}: model '${model}' has no finished run in ${runs}; train it first, or pass --run or --weights`);
  return { source: await sourceFromRun(dir), runDir: dir };
}

function report(io: CliIO, r: OnnxExportResult): void {
  for (const path of r.paths) io.out(`${path}: ${(r.bytes / 1024).toFixed(1)} KiB, ONNX opset 17`);
  io.out(
    `onnxruntime-web matches the engine: max abs difference ${r.maxAbsDiff.toExponential(2)} on ${r.samples} samples of ${r.inputSource}`,
  );
  const s = r.sequence;
  if (s)
    io.out(
      `sequence length symbolic (1 to ${s.max ?? 'any'}): max abs difference ${s.maxAbsDiff.toExponential(2)} at length ${s.checkedLength}`,
    );
}

const FLAGS = {
  model: { type: 'string' },
  format: { type: 'string' },
  run: { type: 'string' },
  weights: { type: 'string' },
  out: { type: 'string' },
} as const;

function parseArgs(args: readonly string[]): Options {
  const { values, positionals } = parseFlags('export', args, FLAGS);
  const file = oneFile('export', positionals);
  if (!file) throw new UserError('export needs a file: model-lab export FILE --format onnx|pytorch');
  const o: Options = { ...values, file, format: values.format ?? '' };
  if (o.format !== 'onnx' && o.format !== 'pytorch')
    throw new UserError(o.format ? `--format ${o.format}: onnx or pytorch` : 'export needs --format onnx or --format pytorch');
  if (o.format === 'pytorch' && (o.run || o.weights))
    throw new UserError('--format pytorch takes no --run or --weights; the script takes --init-from W.safetensors');
  if (o.run && o.weights) throw new UserError('--run and --weights both name the weights; pass one');
  return o;
}
