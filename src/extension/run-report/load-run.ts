// A finished run as the report needs it: the record's start (model graph, train config, data
// block, experiment file, data hash) and end, and the trained weights (engine/io/trained-run.ts,
// shared with the ONNX export). Every way this can fail is a ReportError whose message says why in
// words a person can act on. Pure Node: no vscode.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSpec } from '../../graph/data-spec';
import type { Graph } from '../../graph/ir';
import type { RecordEnd, RecordSample, RecordStart } from '../../engine/io/read-record';
import { readTrainedRecord, readTrainedWeights, TrainedRunError } from '../../engine/io/trained-run';
import type { NamedTensors } from '../../engine/train/types';

export class ReportError extends Error {
  override readonly name = 'ReportError';
}

export interface LoadedRun {
  readonly dir: string;
  readonly start: RecordStart;
  readonly end: RecordEnd | null;
  readonly graph: Graph;
  readonly data: DataSpec;
  readonly weights: NamedTensors;
  /** A language model's samples after each epoch, as recorded. */
  readonly samples: readonly RecordSample[];
}

export async function loadRun(dir: string): Promise<LoadedRun> {
  if (!existsSync(join(dir, 'record.jsonl'))) throw new ReportError(`${dir} is not a run folder: it has no record.jsonl`);
  try {
    const { record, graph } = readTrainedRecord(dir);
    const { start, end, samples } = record;
    if (!start.data) throw new ReportError(noModel(start.model));
    const weights = await readTrainedWeights(dir, end);
    return { dir, start, end, graph, data: start.data, weights, samples };
  } catch (e) {
    if (e instanceof TrainedRunError) throw new ReportError(reportProblem(e));
    throw e;
  }
}

const noModel = (model: string) =>
  `The record of this run has no model graph or data block (it was written by an older Model Lab), ` +
  `so the model cannot be rebuilt. Train '${model}' again for a report.`;

function reportProblem(e: TrainedRunError): string {
  const p = e.problem;
  if (p.kind === 'no-graph') return noModel(p.model);
  if (p.kind !== 'no-weights') return e.message;
  const how = p.end
    ? `it ended as ${p.end.status.replace('_', ' ')}${p.end.message ? ` (${p.end.message})` : ''}`
    : 'it is still training, or its process died before the end';
  return `This run has no trained weights: ${how}. Only a run that finishes or is stopped saves weights.safetensors, which the report needs.`;
}
