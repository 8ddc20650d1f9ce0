// One export, as the CLI and the editor do it: build the .onnx, check it in onnxruntime-web
// against the engine on a batch of inputs, and only then write it (atomically). A failed check
// writes nothing: a file that does not match the engine is a broken file.
import type { Graph } from '../../graph/ir';
import { writeFileAtomic } from '../../engine/io/atomic';
import type { NamedTensors } from '../../engine/train/types';
import { exportOnnx, OnnxExportError } from './export';
import { checkInputs, type CheckInputs, type DataContext } from './inputs';
import { sequenceAxes, withSequenceLength, type SequenceAxes } from './sequence';
import { TOLERANCE, verifyOnnx } from './verify';

export interface OnnxExportRequest {
  readonly graph: Graph;
  readonly weights: NamedTensors;
  /** The data to check on; null: generated inputs. */
  readonly data: DataContext | null;
  /** Where to write it: the run folder's model.onnx, and a copy elsewhere if asked. */
  readonly out: readonly string[];
  readonly producerVersion?: string;
}

export interface OnnxExportResult {
  readonly paths: readonly string[];
  readonly bytes: number;
  readonly maxAbsDiff: number;
  readonly samples: number;
  readonly inputSource: string;
  /** A sequence model with a symbolic length: the lengths it takes and the check on a shorter one. */
  readonly sequence?: { readonly max: number | null; readonly checkedLength: number; readonly maxAbsDiff: number };
}

export async function exportOnnxFile(req: OnnxExportRequest): Promise<OnnxExportResult> {
  const seq = sequenceAxes(req.graph);
  const lengths = seq ? `; sequence length 1 to ${seq.max ?? 'any'}` : '';
  const model = exportOnnx(req.graph, req.weights, {
    producerVersion: req.producerVersion ?? '0',
    docString: `Model Lab model '${req.graph.name}'${lengths}`,
  });
  const inputs = await checkInputs(req.graph, req.data);
  const v = await verifyOnnx(model, req.graph, req.weights, inputs.x, inputs.n);
  if (!v.ok) throw mismatch(v.maxAbsDiff, inputs);
  const sequence = seq ? await checkShorter(model, req, seq, inputs) : undefined;
  for (const path of req.out) writeFileAtomic(path, model);
  return { paths: req.out, bytes: model.length, maxAbsDiff: v.maxAbsDiff, samples: v.samples, inputSource: inputs.source, sequence };
}

function mismatch(diff: number, inputs: CheckInputs, what = ''): OnnxExportError {
  return new OnnxExportError(
    `the ONNX model differs from the engine by up to ${diff.toExponential(2)} (more than ${TOLERANCE}) on ` +
      `${inputs.n} samples of ${inputs.source}${what}; nothing was written`,
  );
}

/** The same check on the first half of every sequence, against the engine's model at that length. */
async function checkShorter(model: Uint8Array, req: OnnxExportRequest, seq: SequenceAxes, inputs: CheckInputs) {
  const T = req.graph.inputShape[0]!;
  const t = Math.max(1, Math.floor(T / 2));
  const short = withSequenceLength(req.graph, seq, t);
  const v = await verifyOnnx(model, short, req.weights, firstPositions(inputs, T, t), inputs.n);
  if (!v.ok) throw mismatch(v.maxAbsDiff, inputs, ` cut to ${t} positions`);
  return { max: seq.max, checkedLength: t, maxAbsDiff: v.maxAbsDiff };
}

/** Each sample's first `t` of its `T` positions. */
export function firstPositions(inputs: CheckInputs, T: number, t: number): Float32Array {
  const per = inputs.x.length / inputs.n / T; // values per position
  const out = new Float32Array(inputs.n * t * per);
  for (let b = 0; b < inputs.n; b++) out.set(inputs.x.subarray(b * T * per, (b * T + t) * per), b * t * per);
  return out;
}
