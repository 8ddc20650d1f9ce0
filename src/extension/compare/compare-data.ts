// What the Compare panel shows, built from whole run records: each run's curves (as the Training
// view's metric batches), its label and markers, and the settings table (only what differs, then
// the final metrics). Pure: no vscode, so the unit tests build it from records on disk.
import { MAX_COMPARED_RUNS, type CompareShow } from '../../protocol/compare';
import type { RunInfo } from '../../protocol/runs';
import { type MetricBatch } from '../../protocol/wire';
import { epochPoints } from '../runs/chart-points';
import { RunInfoTracker } from '../runs/run-info';
import { runIdOf, type RunRecord } from '../../engine/io/read-record';
import { readRunSummary } from '../../engine/io/run-summary';
import { diffSettings, type SettingsDiff, type SettingValue } from '../runs/settings-diff';
import { INT8_DIR } from '../../export/onnx/int8-run';
import { VARIANT_MARK } from './int8-variant';

const INT8_COLUMN = `${VARIANT_MARK}${INT8_DIR}`;

/** Per-step losses sent per run at most: the chart draws 800 per line (LTTB) anyway. */
export const MAX_STEP_POINTS = 50_000;

export interface Comparison {
  readonly show: CompareShow;
  readonly diff: SettingsDiff;
}

export function compareRecords(records: readonly RunRecord[]): Comparison {
  if (records.length === 0) throw new Error('no runs to compare');
  if (records.length > MAX_COMPARED_RUNS)
    throw new Error(`at most ${MAX_COMPARED_RUNS} runs can be compared at once (${records.length} selected)`);
  const diff = diffSettings(
    records.map((r) => ({
      config: r.start.config,
      model: r.start.model,
      params: r.start.params,
      graphHash: r.start.graphHash,
      data: r.start.data,
      dataHash: r.start.dataHash,
      device: r.start.device,
      final: finalMetrics(r),
    })),
  );
  const labels = records.map(runLabel);
  return {
    diff,
    show: {
      runs: records.map((r, i) => ({ runId: runIdOf(r), label: labels[i]!, detail: runDetail(r) })),
      curves: records.map(curves),
      info: records.map((r, i) => runInfo(r, labels[i]!)),
      settings: diff.differing.map((row) => ({ key: row.key, values: row.values.map((v) => formatSetting(row.key, v)) })),
      metrics: diff.metrics.map((m) => ({ key: m.key, values: m.values.map((v) => v ?? null), better: m.better, best: [...m.best] })),
      architectureDiffers: diff.architectureDiffers,
    },
  };
}

/** The end line's final metrics; for a run that never ended, its last epoch's. */
export function finalMetrics(r: RunRecord): Record<string, number> {
  return { ...(r.end?.final ?? r.epochs[r.epochs.length - 1]?.metrics ?? {}) };
}

/** Model, start time and sweep values: what tells runs of one experiment apart at a glance. */
export function runLabel(r: RunRecord): string {
  const time = r.start.time ? shortTime(r.start.time) : runIdOf(r);
  const sweep = Object.entries(r.start.config.sweep ?? {}).map(([k, v]) => `${k.replace(/^optimizer\./, '')} ${v}`);
  const variant = r.dir.endsWith(INT8_COLUMN) ? ['int8'] : [];
  return [r.start.model, time, ...sweep, ...variant].join(' · ').slice(0, 200);
}

function runDetail(r: RunRecord): string {
  // Without an end line the run still trains, or its process is gone (interrupted): the summary tells.
  const status = r.dir.endsWith(INT8_COLUMN)
    ? 'int8 variant (model-lab quantize)'
    : r.end
      ? r.end.status.replace('_', ' ')
      : (readRunSummary(r.dir)?.status ?? 'no end (running or killed)');
  return [status, r.start.device, runIdOf(r), r.start.rerunOf ? `re-run of ${r.start.rerunOf}` : ''].filter(Boolean).join(' · ');
}

function shortTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatSetting(key: string, v: SettingValue | undefined): string {
  if (v === undefined) return '—';
  if (v === null) return 'none';
  if (key === 'model.graph' || key === 'data.hash') return String(v).slice(0, 12);
  return String(v);
}

/** The per-step loss (thinned evenly past MAX_STEP_POINTS, the last step kept), then per epoch its metrics and rate. */
function curves(r: RunRecord): MetricBatch {
  const runId = runIdOf(r);
  const points: MetricBatch['points'] = [];
  const stride = Math.ceil(r.steps.length / MAX_STEP_POINTS);
  r.steps.forEach((s, i) => {
    if ((i % stride === 0 || i === r.steps.length - 1) && Number.isFinite(s.loss))
      points.push({ step: s.step, name: 'loss', value: s.loss });
  });
  for (const e of r.epochs) points.push(...epochPoints(e).filter((p) => Number.isFinite(p.value)));
  return { runId, points };
}

/** Label, status and markers (rate changes, early stop, best epoch), found as the Training view finds them live. */
function runInfo(r: RunRecord, label: string): RunInfo {
  const tracker = new RunInfoTracker(runIdOf(r), label);
  const overrides = r.marks.filter((m) => m.type === 'lr');
  let next = 0;
  for (const e of r.epochs) {
    for (; next < overrides.length && overrides[next]!.step <= e.step; next++)
      tracker.override(overrides[next]!.step, overrides[next]!.lr ?? null);
    tracker.epoch(e.epoch, e.step, e.lr);
  }
  for (; next < overrides.length; next++) tracker.override(overrides[next]!.step, overrides[next]!.lr ?? null);
  if (r.end) tracker.ended(r.end.status, r.end.bestEpoch, r.steps[r.steps.length - 1]?.step, r.end.message ?? '');
  return tracker.info();
}
