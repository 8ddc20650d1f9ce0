// The vocabulary of the schema tables: what values an option takes, with defaults and docs.
// The same tables drive the checker, completion and hover, and docs/experiment-format.md.

export type ValueType =
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | {
      readonly kind: 'number';
      readonly min?: number;
      readonly max?: number;
      readonly maxExclusive?: boolean;
      readonly minExclusive?: boolean;
    }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** N or [N, M]: kernel and stride sizes (each at most `max`, src/lang/limits.ts). */
  | { readonly kind: 'pair'; readonly max?: number }
  /** same | valid | N | [N, M]. */
  | { readonly kind: 'pad'; readonly max?: number }
  /** [N, ...] or N: a per-sample tensor shape. */
  | { readonly kind: 'shape'; readonly max?: number }
  /** Present means on; may be followed by on/off/true/false. */
  | { readonly kind: 'flag' }
  /** An initialiser name with its own parameters: `normal std 0.02`. */
  | { readonly kind: 'init' }
  /** A quoted path. */
  | { readonly kind: 'string' }
  /** A bare word or a quoted string (a column or metric name). */
  | { readonly kind: 'name' }
  /** Every remaining value as a list of names, optionally from a fixed set (metrics, augment). */
  | { readonly kind: 'names'; readonly values?: readonly string[] }
  /** Every remaining value, untyped (sweep values). */
  | { readonly kind: 'rest' };

export interface OptionDef {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly type: ValueType;
  /** The default, used by the resolver when the option is absent (one place for defaults). */
  readonly default?: number | string | boolean;
  /** How docs show a default that is not a literal ("same as kernel", "epochs"). */
  readonly defaultText?: string;
  readonly doc: string;
  readonly required?: boolean;
}

/** What follows a name: positional values in order, then named options in any order. */
export interface ArgSchema {
  readonly positional: readonly OptionDef[];
  readonly options: readonly OptionDef[];
  /** Accept an activation name (with its alpha) as a fused activation, as in `dense 64 relu`. */
  readonly activation?: boolean;
}

/** One of several named alternatives, each with its own arguments: an optimizer, a loss, an init... */
export interface ChoiceDef {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly schema: ArgSchema;
  readonly example?: string;
}

export const NO_ARGS: ArgSchema = { positional: [], options: [] };

/** Every name a definition answers to. */
export function namesOf(def: { readonly name: string; readonly aliases?: readonly string[] }): string[] {
  return [def.name, ...(def.aliases ?? [])];
}

export function findByName<T extends { readonly name: string; readonly aliases?: readonly string[] }>(
  defs: readonly T[],
  name: string,
): T | undefined {
  return defs.find((def) => def.name === name || (def.aliases?.includes(name) ?? false));
}

/** A short human description of a value type, for messages and hover ("a whole number >= 1"). */
export function describeType(type: ValueType): string {
  switch (type.kind) {
    case 'int':
      return type.min !== undefined ? `a whole number >= ${type.min}` : 'a whole number';
    case 'number':
      if (type.min !== undefined && type.max !== undefined) {
        if (!type.minExclusive && !type.maxExclusive) return `a number from ${type.min} to ${type.max}`;
        return `a number ${type.minExclusive ? '>' : '>='} ${type.min} and ${type.maxExclusive ? '<' : '<='} ${type.max}`;
      }
      if (type.min !== undefined) return `a number ${type.minExclusive ? '>' : '>='} ${type.min}`;
      return 'a number';
    case 'enum':
      return type.values.join(' | ');
    case 'pair':
      return 'N or [N, M]';
    case 'pad':
      return 'same | valid | N | [N, M]';
    case 'shape':
      return 'a shape like [784] or [3, 32, 32]';
    case 'flag':
      return 'on | off';
    case 'init':
      return 'an initialiser';
    case 'string':
      return 'a quoted path';
    case 'name':
      return 'a name';
    case 'names':
      return type.values ? `one or more of ${type.values.join(', ')}` : 'one or more names';
    case 'rest':
      return 'values';
  }
}

/** The default as docs and hover show it, or undefined when there is none. */
export function defaultText(def: OptionDef): string | undefined {
  if (def.defaultText !== undefined) return def.defaultText;
  if (typeof def.default === 'boolean') return def.default ? 'on' : 'off';
  return def.default === undefined ? undefined : String(def.default);
}
