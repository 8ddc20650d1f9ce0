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

function parseArgs(args: readonly string[]): Options {
  const o: Options = {
    file: '',
    batches: DEFAULT_CALIBRATION.batches,
    method: DEFAULT_CALIBRATION.method,
    percentile: DEFAULT_CALIBRATION.percentile,
  };
  const num = (a: string, v: string, ok: (n: number) => boolean, what: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || !ok(n)) throw new UserError(`${a} ${v}: ${what}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!,
      v = args[i + 1];
    const take = (): string => {
      if (v === undefined || v.startsWith('--')) throw new UserError(`${a} needs a value`);
      i++;
      return v;
    };
    if (a === '--model') o.model = take();
    else if (a === '--run') o.run = take();
    else if (a === '--calibration')
      o.batches = num(a, take(), (n) => Number.isInteger(n) && n >= 1, 'a whole number of batches, at least 1');
    else if (a === '--method') {
      const m = take();
      if (m !== 'minmax' && m !== 'percentile') throw new UserError(`--method ${m}: minmax or percentile`);
      o.method = m;
    } else if (a === '--percentile') o.percentile = num(a, take(), (n) => n > 50 && n <= 100, 'a percentile above 50, at most 100');
    else if (a === '--aware') o.aware = num(a, take(), (n) => Number.isInteger(n) && n >= 1, 'a whole number of epochs, at least 1');
    else if (a === '--lr') o.lr = num(a, take(), (n) => n > 0, 'a positive learning rate');
    else if (a.startsWith('--')) throw new UserError(`unknown option '${a}' (see model-lab help quantize)`);
    else if (o.file) throw new UserError(`quantize takes one file; unexpected '${a}'`);
    else o.file = a;
  }
  if (!o.file) throw new UserError('quantize needs a file: model-lab quantize FILE');
  if (o.lr !== undefined && o.aware === undefined) throw new UserError('--lr is the fine-tuning rate of --aware EPOCHS; pass --aware too');
  return o;
}
