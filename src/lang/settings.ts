// Interprets the `key: value` lines of a data or train block against a settings table.
import type { SourceRange } from '../graph/ir';
import type { Setting } from './ast';
import type { DiagnosticSink } from './diagnostics';
import { Args, interpretArgs, interpretChoice } from './interpret';
import { findSetting, settingNames, type SettingDef } from './schema/settings';
import { findByName, type ChoiceDef } from './schema/types';
import { didYouMean } from './suggest';

export interface InterpretedSetting {
  readonly def: SettingDef;
  readonly setting: Setting;
  readonly args: Args;
  /** For choice settings (loss, optimizer...): the chosen alternative, or null when it was bad. */
  readonly choice: ChoiceDef | null;
}

export interface InterpretedSettings {
  readonly defs: readonly SettingDef[];
  readonly byKey: ReadonlyMap<string, InterpretedSetting>;
  /** Settings that may repeat (sweep), in order. */
  readonly repeated: readonly Setting[];
}

export function interpretSetting(setting: Setting, def: SettingDef, sink: DiagnosticSink): InterpretedSetting {
  const ctx = { sink, owner: def.key, anchor: setting.key.range };
  if (def.value.kind === 'choice') {
    const chosen = interpretChoice(setting.values, def.value.choices, def.value.what, ctx);
    return { def, setting, args: chosen?.args ?? new Args([]), choice: chosen?.choice ?? null };
  }
  return { def, setting, args: interpretArgs(setting.values, def.value.schema, ctx), choice: null };
}

/** Interprets every setting; `repeatable` keys (sweep) are collected raw, in order. */
export function interpretSettings(
  settings: readonly Setting[],
  defs: readonly SettingDef[],
  sink: DiagnosticSink,
  blockWhat: string,
  repeatable: readonly string[] = [],
): InterpretedSettings {
  const byKey = new Map<string, InterpretedSetting>();
  const repeated: Setting[] = [];
  for (const setting of settings) {
    const def = findSetting(defs, setting.key.name);
    if (!def) {
      sink.error(
        setting.key.range,
        `unknown ${blockWhat} setting '${setting.key.name}'${didYouMean(setting.key.name, settingNames(defs))}`,
        'unknown-name',
      );
      continue;
    }
    if (repeatable.includes(def.key)) {
      repeated.push(setting);
      continue;
    }
    if (byKey.has(def.key)) sink.warning(setting.key.range, `'${def.key}' is set twice; the last one counts`, 'duplicate');
    byKey.set(def.key, interpretSetting(setting, def, sink));
  }
  return { defs, byKey, repeated };
}

function defOf(settings: InterpretedSettings, key: string): SettingDef {
  const def = findSetting(settings.defs, key);
  if (!def) throw new Error(`schema: no setting '${key}'`);
  return def;
}

/** A setting's args as written, else (absent) args over its schema: every read answers the schema's default. */
export function settingArgs(settings: InterpretedSettings, key: string): Args {
  const given = settings.byKey.get(key);
  if (given) return given.args;
  const def = defOf(settings, key);
  return def.value.kind === 'args' ? Args.defaultsOf(def.value.schema) : new Args([]);
}

/** A choice setting's choice and args as written, else its default choice (null when it has none). */
export function settingChoice(settings: InterpretedSettings, key: string): { readonly choice: ChoiceDef; readonly args: Args } | null {
  const given = settings.byKey.get(key);
  if (given?.choice) return { choice: given.choice, args: given.args };
  const def = defOf(settings, key);
  const choice =
    def.value.kind === 'choice' && def.defaultChoice !== undefined ? findByName(def.value.choices, def.defaultChoice) : undefined;
  return choice ? { choice, args: Args.defaultsOf(choice.schema) } : null;
}

export function requireSettings(
  interpreted: InterpretedSettings,
  defs: readonly SettingDef[],
  anchor: SourceRange,
  owner: string,
  sink: DiagnosticSink,
): void {
  for (const def of defs) {
    if (def.required && !interpreted.byKey.has(def.key))
      sink.error(anchor, `${owner} needs a '${def.key}' setting, as in '${def.example}'`, 'missing');
  }
}
