// A finished run's folder as the model it trained: the record, with the graph it trained (whatever
// the experiment file says now), and the run's own weights.safetensors. The run report and the ONNX
// export both start here; each words a problem for its own reader, so a problem is a kind with its
// facts rather than a sentence. Node only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../../graph/ir';
import { resolveInside } from '../data/host';
import { nodeDataHost } from '../data/node-host';
import type { NamedTensors } from '../train/types';
import { readRunRecord, type RecordEnd, type RunRecord } from './read-record';
import { decodeSafetensors } from './safetensors';

export const WEIGHTS_FILE = 'weights.safetensors';

export type TrainedRunProblem =
  /** The record cannot be read or parsed (the message names the file). */
  | { readonly kind: 'record' }
  /** The record holds no model graph: an older Model Lab wrote it. */
  | { readonly kind: 'no-graph'; readonly model: string }
  /** No weights.safetensors: the run is still going, died, or ended without saving them. */
  | { readonly kind: 'no-weights'; readonly end: RecordEnd | null }
  /** The weights are a link to a file elsewhere, or not a safetensors file (the message names it). */
  | { readonly kind: 'weights' };

export class TrainedRunError extends Error {
  override readonly name = 'TrainedRunError';
  constructor(
    readonly problem: TrainedRunProblem,
    message: string,
  ) {
    super(message);
  }
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The run's record and the graph it trained. */
export function readTrainedRecord(dir: string): { readonly record: RunRecord; readonly graph: Graph } {
  let record: RunRecord;
  try {
    record = readRunRecord(dir);
  } catch (e) {
    throw new TrainedRunError({ kind: 'record' }, why(e));
  }
  const graph = record.start.graph as Partial<Graph> | undefined;
  if (!graph || !Array.isArray(graph.inputShape) || typeof graph.output !== 'number')
    throw new TrainedRunError({ kind: 'no-graph', model: record.start.model }, `${dir}: the run record has no model graph`);
  return { record, graph: graph as Graph };
}

/** The run's own trained weights: a link to a file elsewhere is refused. */
export async function readTrainedWeights(dir: string, end: RecordEnd | null): Promise<NamedTensors> {
  const path = join(dir, WEIGHTS_FILE);
  if (!existsSync(path)) throw new TrainedRunError({ kind: 'no-weights', end }, `${dir}: the run has no ${WEIGHTS_FILE}`);
  try {
    await resolveInside(nodeDataHost, { base: dir, workspace: dir }, WEIGHTS_FILE);
    return decodeSafetensors(readFileSync(path)).tensors;
  } catch (e) {
    throw new TrainedRunError({ kind: 'weights' }, `${path}: ${why(e)}`);
  }
}
