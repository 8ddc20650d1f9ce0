// A run plan rebuilt from a run record, for a re-run: the recorded graph, config (seed included)
// and data spec, not what the experiment file says now. Pure: no vscode.
import type { RunPlan } from '../../lang';
import { graphHash } from '../../engine/train/trainer';
import { RecordError, type RunRecord } from '../../engine/io/read-record';

export function recordedPlan(record: RunRecord): RunPlan {
  const { graph, data, config } = record.start;
  const path = `${record.dir}/record.jsonl`;
  if (!graph) throw new RecordError(`${path}: the record has no model graph (it predates re-runs), so it cannot be trained again`);
  if (!data) throw new RecordError(`${path}: the record has no data spec, so it cannot be trained again`);
  // Errors of a re-run point at the model block where the recorded graph came from.
  const block = { kind: 'train' as const, keyword: graph.range, model: null, data: null, settings: [], range: graph.range };
  return { graph, data, config, train: { block, model: graph.name, data: data.name, configs: [config] } };
}

/** Whether one of the file's current runs of the model is the recorded one (same graph, settings and data spec). */
export function fileStillHas(plan: RunPlan, current: readonly RunPlan[]): boolean {
  const hash = graphHash(plan.graph);
  const data = stable(withoutRange(plan.data));
  const config = stable(plan.config);
  return current.some((p) => graphHash(p.graph) === hash && stable(withoutRange(p.data)) === data && stable(p.config) === config);
}

function withoutRange<T extends { range: unknown }>(o: T): Omit<T, 'range'> {
  const { range, ...rest } = o;
  void range;
  return rest;
}

/** JSON with sorted keys, after the round trip a record makes (so both sides read alike). */
function stable(value: unknown): string {
  return JSON.stringify(JSON.parse(JSON.stringify(value)), (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
