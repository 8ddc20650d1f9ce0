// `model-lab train FILE --resume RUN_DIR`: what a resumed run trains. The record's own graph,
// settings and data spec (as Re-run does), so an edited file cannot change a run half-way; the
// file gives the rest (where the data lives). Refused for a run that finished, or whose data or
// architecture no longer match what it trained.

import { join } from 'node:path';
import type { RunPlan } from '../lang/analyze';
import { RecordError, readRunRecord, type RunRecord } from '../engine/io/read-record';
import { CHECKPOINT_FILE } from '../engine/io/checkpoint';
import { existsSync } from 'node:fs';
import { graphHash } from '../engine/train/trainer';
import { UserError } from './command';

/** The end statuses a run can be resumed from: it was stopped, killed, or failed (a full disk). */
export const RESUMABLE = new Set(['stopped', 'interrupted', 'error']);

export function resumePlan(dir: string, runs: readonly RunPlan[]): { plan: RunPlan; record: RunRecord } {
  let record: RunRecord;
  try {
    record = readRunRecord(dir);
  } catch (e) {
    throw new UserError(e instanceof RecordError ? e.message : String(e), { cause: e });
  }
  if (record.end && !RESUMABLE.has(record.end.status))
    throw new UserError(`${dir}: the run ended ${record.end.status}; only a stopped or interrupted run can be resumed`);
  if (!existsSync(join(dir, CHECKPOINT_FILE)))
    throw new UserError(`${dir}: no ${CHECKPOINT_FILE} (the run was killed before its first checkpoint); train it again instead`);
  const s = record.start;
  const base = runs.find((r) => r.graph.name === s.model) ?? runs[0]!;
  const graph = s.graph ?? base.graph;
  if (s.graphHash && graphHash(graph) !== s.graphHash)
    throw new UserError(`${dir}: the model '${s.model}' is not the architecture this run trained`);
  return { plan: { ...base, graph, config: s.config, data: s.data ?? base.data }, record };
}
