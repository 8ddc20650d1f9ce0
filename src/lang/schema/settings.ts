// The shape of a `key: value` setting in a data or train block, shared by both tables.
import type { ArgSchema, ChoiceDef } from './types';

export type SettingValue =
  /** `key: name options...` where the name picks one choice (loss, optimizer, source...). */
  | { readonly kind: 'choice'; readonly what: string; readonly choices: readonly ChoiceDef[] }
  | { readonly kind: 'args'; readonly schema: ArgSchema };

export interface SettingDef {
  readonly key: string;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly example: string;
  readonly value: SettingValue;
  readonly required?: boolean;
  /** For a choice setting: the choice used when the setting is absent (its options at their defaults). */
  readonly defaultChoice?: string;
  /** The default as docs show it. */
  readonly defaultText?: string;
}

export function findSetting(defs: readonly SettingDef[], key: string): SettingDef | undefined {
  return defs.find((def) => def.key === key || (def.aliases?.includes(key) ?? false));
}

export function settingNames(defs: readonly SettingDef[]): string[] {
  return defs.flatMap((def) => [def.key, ...(def.aliases ?? [])]);
}
