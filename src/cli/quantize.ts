// `model-lab quantize FILE [--model NAME] [--run DIR] [--calibration N] [--method minmax|percentile]
// [--percentile P] [--aware EPOCHS] [--lr LR]`: the int8 variant of a finished run
// (src/export/onnx/int8-run.ts), written into the run's int8/ folder.
import { resolve } from 'node:path';
import { RunFileError } from '../engine/io/atomic';
import { RecordError } from '../engine/io/read-record';
import { DEFAULT_CALIBRATION, type CalibrationMethod } from '../engine/quant/calibrate';
import { OnnxExportError } from '../export/onnx/export';
import { quantizeRun, type Int8Record } from '../export/onnx/int8-run';
import { EXIT_OK, UserError, type CliCommand, type CliIO } from './command';
import { atLeast, numberFlag, oneFile, parseFlags } from './flags';
import { newestRunOf } from './runs-of';

const HELP = [
  'Usage: model-lab quantize FILE [--model NAME] [--run DIR] [--calibration N] [--method minmax|percentile]',
  '                          [--percentile P] [--aware EPOCHS] [--lr LR]',
  '',
  "Post-training int8 quantization of a trained model (the model's newest finished run, or --run DIR):",
  'weights per output channel, symmetric int8 (scale = max|w| / 127, zero point 0); the input of every',
  "dense and conv layer and the output per tensor, asymmetric uint8 (onnxruntime static quantization's",
  `default), its range calibrated on N batches of the training split (--calibration, default ${DEFAULT_CALIBRATION.batches}) by`,
  `min/max or by percentile (--percentile, default ${DEFAULT_CALIBRATION.percentile}). Biases int32 on input scale × weight scale.`,
  '',
  '--aware EPOCHS fine-tunes the quantized model that many epochs with fake-quant in the forward pass',
  "(a straight-through gradient), at --lr (default: a tenth of the run's learning rate).",
  '',
  "The int8 model's accuracy and loss are the engine's simulation of it on the test split (else val).",
  'It is written as RUN/int8/model.onnx (QuantizeLinear/DequantizeLinear, int8 weights, opset 17),',
  "checked in onnxruntime-web against the simulation within one step of the output's grid, with",
  'RUN/int8/weights.safetensors and RUN/int8/quantization.json (docs/compression.md).',
].join('\n');

interface Options {
  file: string;
  model?: string;
  run?: string;
  batches: number;
  method: CalibrationMethod;
  percentile: number;
  aware?: number;
  lr?: number;
}

export const quantizeCommand: CliCommand = {
  name: 'quantize',
  summary: 'int8 quantization of a trained model (post-training or quantization-aware), exported as QDQ ONNX',
  help: HELP,
  async run(args, io) {
    const o = parseArgs(args);
    const dir = o.run ? resolve(o.run) : newestRunOf(o.file, o.model);
    try {
      const calibration = { batches: o.batches, method: o.method, percentile: o.percentile };
      const aware = o.aware !== undefined ? { epochs: o.aware, ...(o.lr !== undefined ? { lr: o.lr } : {}) } : null;
      const r = await quantizeRun({ run: dir, calibration, aware });
      if (o.model && r.model !== o.model) throw new UserError(`${dir}: the run trained model '${r.model}', not '${o.model}'`);
      report(io, r);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof OnnxExportError || e instanceof RunFileError || e instanceof RecordError)
        throw new UserError(e.message, { cause: e });
      throw e;
    }
  },
};

const pct = (v: number | undefined) => (v === undefined ? 'n/a' : `${(100 * v).toFixed(2)}%`);

function report(io: CliIO, r: Int8Record & { dir: string }): void {
  const how = r.calibration.method === 'percentile' ? `percentile ${r.calibration.percentile}` : 'min/max';
  io.out(
    `${r.model}: int8 calibrated on ${r.calibration.batches} batches (${how})${r.aware ? `, fine-tuned ${r.aware.epochs} epochs at lr ${r.aware.lr}` : ''}`,
  );
  if (r.float && r.int8) {
    io.out(`  ${r.split} accuracy: float ${pct(r.float.metrics.accuracy)}, int8 ${pct(r.int8.metrics.accuracy)}`);
    io.out(`  ${r.split} loss: float ${r.float.loss.toFixed(4)}, int8 ${r.int8.loss.toFixed(4)}`);
  }
  io.out(`${r.dir}/model.onnx: ${r.onnxBytes} bytes, QDQ int8, ONNX opset 17`);
  io.out(
    `onnxruntime-web matches the simulation: max abs difference ${r.check.maxAbsDiff.toExponential(2)} ` +
      `(one output step: ${r.check.step.toExponential(2)}) on ${r.check.samples} samples of ${r.check.inputSource}`,
  );
}

const FLAGS = {
  model: { type: 'string' },
  run: { type: 'string' },
  calibration: { type: 'string' },
  method: { type: 'string' },
  percentile: { type: 'string' },
  aware: { type: 'string' },
  lr: { type: 'string' },
} as const;

function parseArgs(args: readonly string[]): Options {
  const { values: v, positionals } = parseFlags('quantize', args, FLAGS);
  const file = oneFile('quantize', positionals);
  if (!file) throw new UserError('quantize needs a file: model-lab quantize FILE');
  const method = v.method ?? DEFAULT_CALIBRATION.method;
  if (method !== 'minmax' && method !== 'percentile') throw new UserError(`--method ${method}: minmax or percentile`);
  const o: Options = {
    file,
    model: v.model,
    run: v.run,
    batches: numberFlag('--calibration', v.calibration, { whole: true, ...atLeast(1, 'batch') }) ?? DEFAULT_CALIBRATION.batches,
    method,
    percentile:
      numberFlag('--percentile', v.percentile, { ok: (n) => n > 50 && n <= 100, range: 'a percentile above 50, at most 100' }) ??
      DEFAULT_CALIBRATION.percentile,
    aware: numberFlag('--aware', v.aware, { whole: true, ...atLeast(1, 'epoch') }),
    lr: numberFlag('--lr', v.lr, { ok: (n) => n > 0, range: 'a positive learning rate' }),
  };
  if (o.lr !== undefined && o.aware === undefined) throw new UserError('--lr is the fine-tuning rate of --aware EPOCHS; pass --aware too');
  return o;
}
