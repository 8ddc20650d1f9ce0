// The int8 variant of a finished run, as the CLI (`model-lab quantize`) and the editor make it:
// post-training quantization calibrated on the run's training split, optionally fine-tuned with
// fake-quant in the forward pass (quantization-aware training), exported as a QDQ ONNX file that
// is checked in onnxruntime-web against the engine's simulation, and written into RUN/int8/:
// model.onnx, weights.safetensors (the float weights with every grid) and quantization.json
// (how it was made, the scores, the check). A failed check writes nothing. Node only.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import type { Backend } from '../../engine/backend';
import { loadData, targetKindFor } from '../../engine/data/load';
import { locationOf, nodeDataHost } from '../../engine/data/node-host';
import { writeFileAtomic } from '../../engine/io/atomic';
import { readRunRecord } from '../../engine/io/read-record';
import { encodeSafetensors } from '../../engine/io/safetensors';
import type { CalibrationSpec } from '../../engine/quant/calibrate';
import { postTraining } from '../../engine/quant/ptq';
import type { Scores } from '../../engine/quant/simulate';
import { train } from '../../engine/train/trainer';
import type { NamedTensors } from '../../engine/train/types';
import { OnnxExportError } from './export';
import { checkInputs } from './inputs';
import { exportQdq, verifyQdq } from './qdq';
import { sourceFromRun } from './sources';

export const INT8_DIR = 'int8';
export const QUANT_FILE = 'quantization.json';

export interface AwareSpec {
  /** Fine-tuning epochs with fake-quant in the forward pass. */
  readonly epochs: number;
  /** Its learning rate (default: a tenth of the run's). */
  readonly lr?: number;
}

export interface Int8Request {
  readonly run: string;
  readonly calibration: CalibrationSpec;
  readonly aware?: AwareSpec | null;
  /** The backend quantization-aware fine-tuning trains on (default: the CPU reference). */
  readonly backend?: Backend;
  readonly producerVersion?: string;
}

/** quantization.json: what the compression report and the editor read. */
export interface Int8Record {
  readonly model: string;
  readonly calibration: CalibrationSpec;
  readonly aware: { readonly epochs: number; readonly lr: number } | null;
  readonly split: 'test' | 'val' | null;
  readonly float: Scores | null;
  readonly int8: Scores | null;
  readonly onnxBytes: number;
  readonly check: { readonly maxAbsDiff: number; readonly step: number; readonly samples: number; readonly inputSource: string };
  /** The quantized graph (the int8 weights' model). */
  readonly graph: Graph;
}

export async function quantizeRun(req: Int8Request): Promise<Int8Record & { readonly dir: string }> {
  const source = await sourceFromRun(req.run);
  const config = readRunRecord(req.run).start.config as TrainConfig;
  if (!source.data) throw new OnnxExportError(`${req.run}: the run record names no data to calibrate on`);
  const { splits } = await loadData(source.data.data, config.seed, {
    host: nodeDataHost,
    location: locationOf(source.data.file),
    inputShape: source.graph.inputShape,
    targetKind: targetKindFor(config.loss),
  });
  const ptq = await postTraining(source.graph, source.weights, splits, config, req.calibration);
  let weights: NamedTensors = ptq.weights,
    int8 = ptq.int8,
    aware: Int8Record['aware'] = null;
  if (req.aware) {
    const lr = req.aware.lr ?? config.optimizer.lr / 10;
    const end = await train({
      graph: ptq.quant.graph,
      config: awareConfig(config, req.aware.epochs, lr),
      data: splits,
      init: ptq.weights,
      ...(req.backend ? { backend: req.backend } : {}),
    });
    if (end.status === 'diverged' || end.status === 'error')
      throw new OnnxExportError(`quantization-aware fine-tuning ${end.status}: ${end.message ?? ''}`);
    weights = end.weights;
    aware = { epochs: end.epochs, lr };
    int8 = scoresOf(end.final, ptq.split);
  }
  const model = exportQdq(ptq.quant.graph, weights, {
    producerVersion: req.producerVersion ?? '0',
    docString: `Model Lab model '${source.graph.name}', int8 (QDQ)`,
  });
  const inputs = await checkInputs(source.graph, source.data);
  const v = await verifyQdq(model, ptq.quant.graph, weights, inputs.x, inputs.n);
  if (!v.ok)
    throw new OnnxExportError(
      `the int8 ONNX model differs from the engine's simulation by ${v.maxAbsDiff.toExponential(2)}, ` +
        `more than one step of its output grid (${v.step.toExponential(2)}); nothing was written`,
    );
  const record: Int8Record = {
    model: source.graph.name,
    calibration: req.calibration,
    aware,
    split: ptq.split,
    float: ptq.float,
    int8,
    onnxBytes: model.length,
    check: { maxAbsDiff: v.maxAbsDiff, step: v.step, samples: v.samples, inputSource: inputs.source },
    graph: ptq.quant.graph,
  };
  const dir = join(req.run, INT8_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'model.onnx'), model);
  writeFileAtomic(join(dir, 'weights.safetensors'), encodeSafetensors(weights, { format: 'pt' }));
  writeFileAtomic(join(dir, QUANT_FILE), JSON.stringify(record));
  return { ...record, dir };
}

/** The run's recipe for a short fine-tune: its optimizer at `lr`, `epochs` epochs, no early stop.
 *  A pruned run keeps its sparsity: its schedule is at the final sparsity from the first epoch. */
function awareConfig(config: TrainConfig, epochs: number, lr: number): TrainConfig {
  return {
    ...config,
    epochs,
    optimizer: { ...config.optimizer, lr },
    schedule: { kind: 'constant' },
    earlyStop: null,
    stopWhen: null,
    ...(config.prune ? { prune: { ...config.prune, from: 1, to: 1 } } : {}),
  };
}

/** The test (or val) scores among a run's final metrics. */
function scoresOf(final: Record<string, number>, split: 'test' | 'val' | null): Scores | null {
  if (!split) return null;
  const prefix = `${split}_`;
  const metrics = Object.fromEntries(
    Object.entries(final)
      .filter(([k]) => k.startsWith(prefix) && k !== `${prefix}loss`)
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
  return { loss: final[`${prefix}loss`] ?? NaN, metrics };
}

/** A run's int8 record, or null when it has none. */
export function readInt8Record(run: string): Int8Record | null {
  try {
    return JSON.parse(readFileSync(join(run, INT8_DIR, QUANT_FILE), 'utf8')) as Int8Record;
  } catch {
    return null;
  }
}
