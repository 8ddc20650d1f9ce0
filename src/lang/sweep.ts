// `sweep: key values` lines: each value of each swept key gives one variant of the train block's
// settings (several sweep lines give every combination). A variant is made by substituting the
// swept value into the settings' syntax, so it is checked exactly like hand-written settings.
import type { Setting, Value, Word } from './ast';
import { valueText } from './ast';
import type { DiagnosticSink } from './diagnostics';
import { findSetting, settingNames, type SettingDef } from './schema/settings';
import { namesOf } from './schema/types';
import { didYouMean } from './suggest';

export interface SweepAxis {
  /** Canonical key: 'batch', 'optimizer', 'optimizer.lr'. */
  readonly key: string;
  readonly keyWord: Word;
  readonly values: readonly Value[];
}

export type SweepPoint = ReadonlyArray<{ readonly axis: SweepAxis; readonly value: Value }>;

export const MAX_SWEEP_RUNS = 256;

const SHORTHANDS: Record<string, string> = {
  lr: 'optimizer.lr',
  learning_rate: 'optimizer.lr',
  momentum: 'optimizer.momentum',
  label_smoothing: 'loss.label_smoothing',
};

export function sweepAxes(sweeps: readonly Setting[], defs: readonly SettingDef[], sink: DiagnosticSink): SweepAxis[] {
  const axes: SweepAxis[] = [];
  const swept = new Set<string>(); // not axes.some(...): many sweep lines would cost their square
  for (const sweep of sweeps) {
    const [keyValue, ...rest] = sweep.values;
    if (!keyValue || keyValue.kind !== 'word') {
      sink.error(keyValue?.range ?? sweep.key.range, "sweep needs a setting and its values, as in 'sweep: lr [0.1, 0.01]'", 'missing');
      continue;
    }
    const key = canonicalKey(keyValue.name, defs);
    if (!key) {
      const known = settingNames(defs)
        .filter((k) => k !== 'sweep')
        .concat(Object.keys(SHORTHANDS));
      sink.error(keyValue.range, `sweep: unknown setting '${keyValue.name}'${didYouMean(keyValue.name, known)}`, 'unknown-name');
      continue;
    }
    const values = rest.flatMap((v) => (v.kind === 'list' ? v.items : [v]));
    if (values.length === 0) {
      sink.error(keyValue.range, `sweep: '${keyValue.name}' needs values, as in 'sweep: ${keyValue.name} [a, b]'`, 'missing');
      continue;
    }
    if (swept.has(key)) sink.warning(keyValue.range, `sweep: '${key}' is swept twice`, 'duplicate');
    swept.add(key);
    axes.push({ key, keyWord: keyValue, values });
  }
  return axes;
}

function canonicalKey(name: string, defs: readonly SettingDef[]): string | null {
  const expanded = SHORTHANDS[name] ?? name;
  const [settingKey, option] = expanded.split('.', 2);
  const def = findSetting(defs, settingKey);
  if (!def || def.key === 'sweep') return null;
  if (option === undefined) return def.key;
  if (def.value.kind !== 'choice') return null;
  const known = def.value.choices.some((choice) =>
    [...choice.schema.positional, ...choice.schema.options].some((o) => namesOf(o).includes(option)),
  );
  return known ? `${def.key}.${option}` : null;
}

/** How many runs the axes make (the product of their value counts), computed without building them. */
export function sweepRunCount(axes: readonly SweepAxis[]): number {
  return axes.reduce((product, axis) => product * axis.values.length, 1);
}

/** Every combination of the axes' values (one empty point when there is no sweep). Check sweepRunCount first. */
export function sweepPoints(axes: readonly SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [[]];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => [...point, { axis, value }]));
  return points;
}

/** The settings with the point's values substituted. `defaults` names the choice to use when a setting is absent. */
export function applySweepPoint(
  settings: readonly Setting[],
  point: SweepPoint,
  defs: readonly SettingDef[],
  defaults: Readonly<Record<string, string>>,
): Setting[] {
  let result = [...settings];
  for (const { axis, value } of point) {
    const [key, option] = axis.key.split('.', 2);
    const index = result.findIndex((s) => findSetting(defs, s.key.name)?.key === key);
    const existing = index >= 0 ? result[index] : null;
    const word = (name: string): Word => ({ kind: 'word', name, range: axis.keyWord.range });
    let values: Value[];
    if (option === undefined) values = [value];
    else {
      const base: Value[] = existing ? [...existing.values] : [word(defaults[key] ?? key)];
      const at = base.findIndex((v, i) => i > 0 && v.kind === 'word' && v.name === option);
      if (at >= 0 && at + 1 < base.length && base[at + 1].kind !== 'word') base[at + 1] = value;
      else if (at >= 0) base.splice(at + 1, 0, value);
      else base.push(word(option), value);
      values = base;
    }
    const setting: Setting = { kind: 'setting', key: existing?.key ?? word(key), values, range: existing?.range ?? axis.keyWord.range };
    result = existing ? result.map((s, i) => (i === index ? setting : s)) : [...result, setting];
  }
  return result;
}

/** The record stored in TrainConfig.sweep. */
export function sweepRecord(point: SweepPoint): Record<string, number | string> {
  const record: Record<string, number | string> = {};
  for (const { axis, value } of point)
    record[axis.key] =
      value.kind === 'number' ? value.value : value.kind === 'word' ? value.name : value.kind === 'string' ? value.value : valueText(value);
  return record;
}
