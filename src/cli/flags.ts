// The subcommands' one flag parser: Node's util.parseArgs over the options a command declares,
// refusing what it does not declare with a message that names the flag. The refusals are checked
// here from parseArgs' tokens rather than by its strict mode, which would refuse any value that
// starts with a dash (`--checkpoint-every -1` deserves its range in the message, `--prompt` takes
// any text) and words its errors its own way.
import { parseArgs } from 'node:util';
import { UserError } from './command';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** The value may start with `--` as the next argument (free text); otherwise that is a missing value. */
  readonly anyValue?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Each declared flag's value, keyed by its name without the dashes; absent when not given. */
export type FlagValues<S extends FlagSpecs> = { -readonly [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string };

export interface ParsedFlags<S extends FlagSpecs> {
  readonly values: FlagValues<S>;
  readonly positionals: readonly string[];
}

/** `command`'s arguments against its flags: the last of a repeated flag wins, `--flag=value` works. */
export function parseFlags<S extends FlagSpecs>(command: string, args: readonly string[], specs: S): ParsedFlags<S> {
  const options = Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type }]));
  const { values, positionals, tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(specs, t.name) ? specs[t.name] : undefined;
    if (!spec) throw new UserError(`unknown option '${t.rawName}' (see model-lab help ${command})`);
    if (spec.type === 'boolean' && t.value !== undefined) throw new UserError(`${t.rawName} takes no value`);
    const dangling = t.value === undefined || (!t.inlineValue && !spec.anyValue && t.value.startsWith('--'));
    if (spec.type === 'string' && dangling) throw new UserError(`${t.rawName} needs a value`);
  }
  return { values: values as FlagValues<S>, positionals };
}

/** The one file a command takes (undefined when none was given; a second is refused). */
export function oneFile(command: string, positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new UserError(`${command} takes one file; unexpected '${positionals[1]}'`);
  return positionals[0];
}

export interface NumberRule {
  /** Refuse fractions. */
  readonly whole?: boolean;
  /** The bound and how the message says it ("at least 1"). */
  readonly ok?: (n: number) => boolean;
  readonly range?: string;
}

/** `--flag N` (undefined when not given): not a number (or not whole) and out of range are two
 *  messages, each naming the flag. */
export function numberFlag(flag: string, raw: string | undefined, rule: NumberRule = {}): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (rule.whole && !Number.isInteger(n)))
    throw new UserError(`${flag} needs ${rule.whole ? 'a whole number' : 'a number'}, got '${raw}'`);
  if (rule.ok && !rule.ok(n)) throw new UserError(`${flag} must be ${rule.range ?? 'in range'}, got ${raw}`);
  return n;
}

/** The usual bound: at least `min`. */
export const atLeast = (min: number, unit = ''): Pick<NumberRule, 'ok' | 'range'> => ({
  ok: (n) => n >= min,
  range: `at least ${min}${unit && ` ${unit}`}`,
});
