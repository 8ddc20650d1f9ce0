// Quantize (int8) from the editor: a float row of the Compression Report, or a run in the Runs tree.
// The same int8 as `model-lab quantize` (src/export/onnx/int8-run.ts), calibrated as the run's last
// int8 was or as picked (the CLI's defaults first; or with an epoch of quantization-aware
// fine-tuning, `--aware 1`), written into RUN/int8/. The
// progress and any refusal (no weights, a model int8 does not cover) are said in the experiment's
// Compression Report when it is open, which then computes its rows again; else in notifications.
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { readRunSummary } from '../../engine/io/run-summary';
import { DEFAULT_CALIBRATION, type CalibrationSpec } from '../../engine/quant/calibrate';
import { type AwareSpec, INT8_DIR, quantizeRun, readInt8Record } from '../../export/onnx/int8-run';
import { ONNX_FILE } from '../../export/onnx/sources';
import type { QuantizeStatus } from '../../protocol/compress';
import { runDirOf, type RunRef } from '../runs/run-ref';
import { CompressPanel } from './compress-panel';
import { computeReport, type CompressResult } from './index';
import { int8Refusal } from './int8-check';
import { serially } from './serial';

/** What the command resolves to (the tests read it); undefined when nothing was asked or picked. */
export type QuantizeOutcome =
  | {
      readonly dir: string;
      /** RUN/int8/model.onnx */
      readonly onnx: string;
      readonly bytes: number;
      readonly calibration: CalibrationSpec;
      /** Quantization-aware fine-tuning as run (null: post-training only). */
      readonly aware: { readonly epochs: number; readonly lr: number } | null;
      /** The int8 simulation's accuracy on `split` (null: no such split or metric). */
      readonly accuracy: number | null;
      readonly split: 'test' | 'val' | null;
      /** The open report's rows computed again (null: no report of the experiment was open). */
      readonly report: CompressResult | null;
    }
  | { readonly dir: string; readonly failed: string };

export async function quantizeCommand(
  log: vscode.LogOutputChannel,
  target?: RunRef,
  calibration?: Partial<CalibrationSpec>,
  aware?: AwareSpec,
): Promise<QuantizeOutcome | undefined> {
  const dir = runDirOf(target);
  if (!dir) {
    void vscode.window.showInformationMessage('Model Lab: pick a finished run in the Runs tree or the Compression Report to quantize it.');
    return undefined;
  }
  const summary = readRunSummary(dir);
  const panel = () => (summary ? CompressPanel.of(summary.file) : undefined);
  const tell = (status: QuantizeStatus) => {
    const p = panel();
    if (p && !p.isDisposed) p.quantizeStatus(status);
    return p !== undefined && !p.isDisposed;
  };
  const refusal = int8Refusal(dir);
  if (refusal) return failed(log, dir, refusal, tell);
  const picked = calibration ? { spec: { ...DEFAULT_CALIBRATION, ...calibration }, aware: aware ?? null } : await pickCalibration(dir);
  if (!picked) {
    tell({ run: dir, state: 'cancelled', message: 'No calibration was picked: nothing was quantized.' });
    return undefined;
  }
  const { spec } = picked;
  const what = `'${summary?.model ?? basename(dir)}' (${basename(dir)})`;
  tell({
    run: dir,
    state: 'running',
    message: `Quantizing ${what} to int8: calibrating on ${describe(spec)}${tuning(picked.aware)}, scoring, checking in onnxruntime-web`,
  });
  let record;
  try {
    record = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Model Lab: quantizing ${what} to int8…` },
      () => serially(() => quantizeRun({ run: dir, calibration: spec, aware: picked.aware })),
    );
  } catch (e) {
    return failed(log, dir, e instanceof Error ? e.message : String(e), tell);
  }
  const onnx = join(dir, INT8_DIR, ONNX_FILE);
  const message = doneMessage(what, onnx, record);
  log.info(`[quantize] ${message}`);
  const shown = tell({ run: dir, state: 'done', message });
  const p = panel();
  const report = shown && p && summary ? await computeReport(p, log, summary.file) : null;
  if (!shown) void offerReport(message, summary?.file);
  const accuracy = record.int8?.metrics.accuracy ?? null;
  return { dir, onnx, bytes: record.onnxBytes, calibration: spec, aware: record.aware, accuracy, split: record.split, report };
}

function failed(log: vscode.LogOutputChannel, dir: string, message: string, tell: (s: QuantizeStatus) => boolean): QuantizeOutcome {
  log.warn(`[quantize] ${dir}: ${message}`);
  if (!tell({ run: dir, state: 'failed', message })) void vscode.window.showErrorMessage(`Model Lab: int8 quantization failed: ${message}`);
  return { dir, failed: message };
}

const describe = (c: CalibrationSpec) => `${c.batches} batches (${c.method === 'percentile' ? `percentile ${c.percentile}` : 'min/max'})`;
const epochs = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;
const tuning = (a: AwareSpec | null) =>
  a ? `, fine-tuned ${epochs(a.epochs)}${a.lr !== undefined ? ` at lr ${a.lr}` : ''} with fake-quant` : '';
const pct = (v: number | undefined) => (v === undefined ? 'n/a' : `${(100 * v).toFixed(2)}%`);

function doneMessage(what: string, onnx: string, r: Awaited<ReturnType<typeof quantizeRun>>): string {
  const scores =
    r.split && r.float && r.int8
      ? `; ${r.split} accuracy ${pct(r.float.metrics.accuracy)} float, ${pct(r.int8.metrics.accuracy)} int8`
      : '';
  return (
    `int8 of ${what}, calibrated on ${describe(r.calibration)}${tuning(r.aware)}, written to ${vscode.workspace.asRelativePath(onnx)}: ` +
    `${r.onnxBytes} bytes${scores}; ` +
    `onnxruntime-web matches the simulation (max difference ${r.check.maxAbsDiff.toExponential(2)}, one output step ${r.check.step.toExponential(2)})`
  );
}

interface Picked {
  readonly spec: CalibrationSpec;
  readonly aware: AwareSpec | null;
}

/** The run's last int8 calibration (and fine-tuning) first when it has one, then the CLI's defaults,
 *  percentile, and the defaults followed by one epoch of quantization-aware fine-tuning. */
async function pickCalibration(dir: string): Promise<Picked | undefined> {
  const last = readInt8Record(dir);
  const percentile: CalibrationSpec = { ...DEFAULT_CALIBRATION, method: 'percentile' };
  const items: (vscode.QuickPickItem & Picked)[] = [
    ...(last
      ? [
          {
            label: `As last time: ${describe(last.calibration)}${last.aware ? `, then ${epochs(last.aware.epochs)} quantization-aware` : ''}`,
            description: 'the settings of its int8 file',
            spec: last.calibration,
            aware: last.aware,
          },
        ]
      : []),
    { label: describe(DEFAULT_CALIBRATION), description: 'the default of model-lab quantize', spec: DEFAULT_CALIBRATION, aware: null },
    { label: describe(percentile), description: 'clips the rarest 0.01% of each range', spec: percentile, aware: null },
    {
      label: `${describe(DEFAULT_CALIBRATION)}, then 1 epoch quantization-aware`,
      description: "fine-tunes with fake-quant at a tenth of the run's lr (model-lab quantize --aware 1)",
      spec: DEFAULT_CALIBRATION,
      aware: { epochs: 1 },
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Quantize (int8): calibrate the activations on the training split',
    placeHolder: 'How should the activation ranges be calibrated?',
  });
  return picked && { spec: picked.spec, aware: picked.aware };
}

async function offerReport(message: string, file: string | undefined): Promise<void> {
  const open = 'Compression Report';
  const answer = await vscode.window.showInformationMessage(`Model Lab: ${message}`, ...(file ? [open] : []));
  if (answer === open && file) await vscode.commands.executeCommand('modelLab.showCompressionReport', vscode.Uri.file(file));
}
