// What differs between runs: each run's settings flattened into dotted keys (optimizer.lr,
// schedule.kind, data.split.val, ...), then only the keys whose values are not the same in every
// run. Final metrics are always listed, with the best run of each marked. Pure: no vscode, no fs.
import type { DataSpec } from '../../graph/data-spec';
import type { TrainConfig } from '../../graph/train-config';

export type SettingValue = string | number | boolean | null;

/** One run as the diff sees it: what a record's start line says, and its final metrics. */
export interface RunSettings {
  readonly config: TrainConfig;
  readonly model: string;
  readonly params?: number;
  readonly graphHash?: string;
  readonly data?: DataSpec;
  readonly dataHash?: string;
  /** Where it trained (the record's device, e.g. 'webgpu', 'cpu'). */
  readonly device?: string;
  readonly final: Readonly<Record<string, number>>;
}

export interface SettingRow {
  readonly key: string;
  /** One per run; undefined where a run has no such setting (e.g. momentum of an Adam run). */
  readonly values: readonly (SettingValue | undefined)[];
}

export interface MetricRow {
  readonly key: string;
  readonly values: readonly (number | undefined)[];
  readonly better: 'min' | 'max';
  /** Indices of the runs with the best value (several on a tie); empty if none is finite. */
  readonly best: readonly number[];
}

export interface SettingsDiff {
  readonly differing: readonly SettingRow[];
  readonly metrics: readonly MetricRow[];
  /** The runs' graphs differ (ops, wiring or shapes), whatever their names say. */
  readonly architectureDiffers: boolean;
}

/** The file's own names for the train settings whose TrainConfig field is spelt otherwise. */
const CONFIG_KEYS: Partial<Record<keyof TrainConfig, string>> = {
  weightDecay: 'weight_decay',
  clipNorm: 'clip',
  earlyStop: 'early_stop',
  stopWhen: 'stop_when',
  device: 'device.requested',
};
/**
 * Left out: the model and data names (the rows `model` and `data` say them), and the sweep record:
 * a swept value is the setting it sets (its own row, e.g. optimizer.lr) and is in the column label.
 */
const SKIPPED_CONFIG = new Set<string>(['model', 'data', 'sweep']);

/** Every setting of a run as dotted key -> value. */
export function flattenSettings(run: RunSettings): Map<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  out.set('model', run.model);
  if (run.params !== undefined) out.set('model.params', run.params);
  if (run.graphHash !== undefined) out.set('model.graph', run.graphHash);
  for (const [key, value] of Object.entries(run.config)) {
    if (SKIPPED_CONFIG.has(key)) continue;
    flatten(CONFIG_KEYS[key as keyof TrainConfig] ?? key, value, out);
  }
  out.set('data', run.data?.name ?? run.config.data);
  if (run.data) {
    const { name, range, ...spec } = run.data;
    void name; // a data block's place in the file is no setting
    void range;
    for (const [key, value] of Object.entries(spec)) flatten(`data.${key}`, value, out);
  }
  if (run.dataHash !== undefined) out.set('data.hash', run.dataHash);
  if (run.device !== undefined) out.set('device', run.device);
  return out;
}

function flatten(key: string, value: unknown, out: Map<string, SettingValue>): void {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.set(key, value);
  else if (Array.isArray(value))
    out.set(key, value.every((v) => typeof v !== 'object' || v === null) ? value.join(', ') : JSON.stringify(value));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(`${key}.${k}`, v, out);
}

/** The settings that differ across the runs (in first-seen order), the final metrics of every run, and whether the architectures differ. */
export function diffSettings(runs: readonly RunSettings[]): SettingsDiff {
  const flat = runs.map(flattenSettings);
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  const differing = keys
    .map((key) => ({ key, values: flat.map((f) => f.get(key)) }))
    .filter((row) => new Set(row.values.map(identity)).size > 1);
  const metricKeys = sortMetrics([...new Set(runs.flatMap((r) => Object.keys(r.final)))]);
  const metrics = metricKeys.map((key) =>
    metricRow(
      key,
      runs.map((r) => r.final[key]),
    ),
  );
  return { differing, metrics, architectureDiffers: differing.some((r) => r.key === 'model.graph') };
}

/** Equal values compare equal: NaN to NaN, and a missing setting differs from every value. */
const identity = (v: SettingValue | undefined) =>
  v === undefined ? '\u0000missing' : typeof v === 'number' && Number.isNaN(v) ? '\u0000NaN' : `${typeof v}:${String(v)}`;

const MAX_IS_BETTER = /(^|_)(accuracy|precision|recall|f1|r2)$/;

export function metricRow(key: string, values: readonly (number | undefined)[]): MetricRow {
  const better = MAX_IS_BETTER.test(key) ? 'max' : 'min';
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const target = finite.length ? (better === 'max' ? Math.max(...finite) : Math.min(...finite)) : undefined;
  const best = target === undefined ? [] : values.flatMap((v, i) => (v === target ? [i] : []));
  return { key, values, better, best };
}

/** The order a person reads results in: test, then val, then train; losses after the metric they explain. */
function sortMetrics(keys: string[]): string[] {
  const split = (k: string) => (k.startsWith('test_') ? 0 : k.startsWith('val_') ? 1 : 2);
  return keys.sort((a, b) => split(a) - split(b) || Number(a.endsWith('loss')) - Number(b.endsWith('loss')) || a.localeCompare(b));
}
