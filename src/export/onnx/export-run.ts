// One export, as the CLI and the editor do it: build the .onnx, check it in onnxruntime-web
// against the engine on a batch of inputs, and only then write it (atomically). A failed check
// writes nothing: a file that does not match the engine is a broken file.
import type { Graph } from '../../graph/ir';
import { writeFileAtomic } from '../../engine/io/atomic';
import type { NamedTensors } from '../../engine/train/types';
import { exportOnnx, OnnxExportError } from './export';
import { checkInputs, type DataContext } from './inputs';
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
}

export async function exportOnnxFile(req: OnnxExportRequest): Promise<OnnxExportResult> {
  const model = exportOnnx(req.graph, req.weights, {
    producerVersion: req.producerVersion ?? '0',
    docString: `Model Lab model '${req.graph.name}'`,
  });
  const inputs = await checkInputs(req.graph, req.data);
  const v = await verifyOnnx(model, req.graph, req.weights, inputs.x, inputs.n);
  if (!v.ok)
    throw new OnnxExportError(
      `the ONNX model differs from the engine by up to ${v.maxAbsDiff.toExponential(2)} (more than ${TOLERANCE}) on ` +
        `${inputs.n} samples of ${inputs.source}; nothing was written`,
    );
  for (const path of req.out) writeFileAtomic(path, model);
  return { paths: req.out, bytes: model.length, maxAbsDiff: v.maxAbsDiff, samples: v.samples, inputSource: inputs.source };
}
