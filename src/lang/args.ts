// The interpreted arguments of one line or setting, by canonical option name: what was written,
// else the schema's default, so a resolver never states a default of its own.
import type { InitSpec, SourceRange } from '../graph/ir';
import type { ActivationSpec } from '../graph/layer-spec';
import type { Value } from './ast';
import { INITS, makeInit } from './schema/inits';
import type { ArgSchema, ChoiceDef, OptionDef } from './schema/types';
import { findByName } from './schema/types';

export type Resolved = number | string | boolean | readonly number[] | readonly string[] | InitSpec | readonly Value[];

export interface ArgValue {
  readonly value: Resolved;
  readonly range: SourceRange;
  readonly def: OptionDef;
}

/** The interpreted arguments, by canonical option name. */
export class Args {
  readonly values = new Map<string, ArgValue>();
  activation: { readonly spec: ActivationSpec; readonly range: SourceRange } | null = null;

  constructor(private readonly defs: readonly OptionDef[]) {}

  /** Args over a schema with nothing given: every read answers the schema's default. */
  static defaultsOf(schema: ArgSchema): Args {
    return new Args([...schema.positional, ...schema.options]);
  }

  /** The value given, else the schema's default. */
  private get(name: string): Resolved | undefined {
    const given = this.values.get(name)?.value;
    if (given !== undefined) return given;
    const def = this.defs.find((d) => d.name === name);
    return def ? defaultValue(def) : undefined;
  }

  /** The value given, else the schema's default; a reader that asks for a value the schema never lacks. */
  private need<T>(name: string, read: (n: string) => T | undefined): T {
    const v = read.call(this, name);
    if (v === undefined) throw new Error(`schema: '${name}' has neither a value nor a default`);
    return v;
  }
  needNumber(name: string): number {
    return this.need(name, this.number);
  }
  needString(name: string): string {
    return this.need(name, this.string);
  }
  needFlag(name: string): boolean {
    return this.need(name, this.flag);
  }
  needNumbers(name: string): readonly number[] {
    return this.need(name, this.numbers);
  }
  needInit(name: string): InitSpec {
    return this.need(name, this.init);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }
  number(name: string): number | undefined {
    const v = this.get(name);
    return typeof v === 'number' ? v : undefined;
  }
  string(name: string): string | undefined {
    const v = this.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  flag(name: string): boolean | undefined {
    const v = this.get(name);
    return typeof v === 'boolean' ? v : undefined;
  }
  numbers(name: string): readonly number[] | undefined {
    const v = this.get(name);
    return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
  }
  names(name: string): readonly string[] | undefined {
    const v = this.get(name);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  }
  init(name: string): InitSpec | undefined {
    const v = this.get(name);
    return v && typeof v === 'object' && 'kind' in v && !Array.isArray(v) ? (v as InitSpec) : undefined;
  }
  rest(name: string): readonly Value[] | undefined {
    const v = this.get(name);
    return Array.isArray(v) ? (v as Value[]) : undefined;
  }
  rangeOf(name: string): SourceRange | undefined {
    return this.values.get(name)?.range;
  }
}

/** A schema default as a read value would be: an init named is an InitSpec, a pair's N is [N, N]. */
function defaultValue(def: OptionDef): Resolved | undefined {
  const value = def.default;
  if (def.type.kind === 'init' && typeof value === 'string') return defaultInit(value);
  if (def.type.kind === 'pair' && typeof value === 'number') return [value, value];
  return value;
}

/** The InitSpec of an init choice and its args (absent parameters read the init's schema). */
export function initOf(def: ChoiceDef, args: Args): InitSpec {
  return makeInit(def.name, (name) => args.needNumber(name));
}

/** An init named as a schema default (`bias_init` defaults to zeros). */
function defaultInit(name: string): InitSpec {
  const def = findByName(INITS, name);
  if (!def) throw new Error(`schema: unknown default initialiser '${name}'`);
  return initOf(def, Args.defaultsOf(def.schema));
}
