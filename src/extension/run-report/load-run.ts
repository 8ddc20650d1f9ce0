// A finished run as the report needs it: the record's start (model graph, train config, data
// block, experiment file, data hash) and end, and the trained weights. Every way this can fail
// is a ReportError whose message says why in words a person can act on. Pure Node: no vscode.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSpec } from '../../graph/data-spec';
import type { Graph } from '../../graph/ir';
import { resolveInside } from '../../engine/data/host';
import { nodeDataHost } from '../../engine/data/node-host';
import { decodeSafetensors } from '../../engine/io/safetensors';
import type { NamedTensors } from '../../engine/train/types';
import { readRunRecord, type RecordEnd, type RecordSample, type RecordStart } from '../../engine/io/read-record';

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

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function loadRun(dir: string): Promise<LoadedRun> {
  if (!existsSync(join(dir, 'record.jsonl'))) throw new ReportError(`${dir} is not a run folder: it has no record.jsonl`);
  let record;
  try {
    record = readRunRecord(dir);
  } catch (e) {
    throw new ReportError(why(e));
  }
  const { start, end, samples } = record;
  const graph = start.graph as Partial<Graph> | undefined;
  if (!graph || !Array.isArray(graph.inputShape) || typeof graph.output !== 'number' || !start.data) {
    throw new ReportError(
      `The record of this run has no model graph or data block (it was written by an older Model Lab), ` +
        `so the model cannot be rebuilt. Train '${start.model}' again for a report.`,
    );
  }
  const path = join(dir, 'weights.safetensors');
  if (!existsSync(path)) {
    const how = end
      ? `it ended as ${end.status.replace('_', ' ')}${end.message ? ` (${end.message})` : ''}`
      : 'it is still training, or its process died before the end';
    throw new ReportError(
      `This run has no trained weights: ${how}. Only a run that finishes or is stopped saves weights.safetensors, which the report needs.`,
    );
  }
  let weights: NamedTensors;
  try {
    // The weights must really be the run's own: a link to a file elsewhere is refused.
    await resolveInside(nodeDataHost, { base: dir, workspace: dir }, 'weights.safetensors');
    weights = decodeSafetensors(readFileSync(path)).tensors;
  } catch (e) {
    throw new ReportError(`${path}: ${why(e)}`);
  }
  return { dir, start, end, graph: graph as Graph, data: start.data, weights, samples };
}
