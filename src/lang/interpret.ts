// Gives a flat list of values meaning against a schema: positional values first, then named
// options, then (where allowed) a fused activation. Every problem becomes one diagnostic on the
// exact value, and interpretation goes on so the rest of the line is still checked.
import type { SourceRange } from '../graph/ir';
import type { ActivationSpec } from '../graph/layer-spec';
import { Args, initOf, type Resolved } from './args';
import type { Value, Word } from './ast';
import { valueText } from './ast';
import type { DiagnosticSink } from './diagnostics';
import { spanRanges } from './range';
import { ACTIVATION_NAMES, findActivation } from './schema/activations';
import { INITS } from './schema/inits';
import type { ArgSchema, ChoiceDef, OptionDef, ValueType } from './schema/types';
import { describeType, findByName, namesOf } from './schema/types';
import { closest, didYouMean } from './suggest';

export { Args, type ArgValue, type Resolved } from './args';

export interface InterpretContext {
  readonly sink: DiagnosticSink;
  /** Who owns the values, for messages: 'conv2d', 'optimizer adam'. */
  readonly owner: string;
  /** Where to report what is missing (the name of the layer or setting). */
  readonly anchor: SourceRange;
}

/** A failed read's message follows "owner: option " unless `whole` says it stands alone. */
type ReadResult = { ok: true; value: Resolved; next: number } | { ok: false; message: string; next: number; whole?: boolean };

export function interpretArgs(values: readonly Value[], schema: ArgSchema, ctx: InterpretContext): Args {
  const named = [...schema.positional, ...schema.options];
  const args = new Args(named);
  const attempted = new Set<string>(); // given, even if badly: no "missing" error on top
  let i = 0;
  for (const def of schema.positional) {
    if (i >= values.length) break;
    // A required positional takes the next value even when it does not fit, so the message
    // says what was expected there ("needs a whole number, got ten") instead of "no option ten".
    const value = values[i];
    const isName =
      value.kind === 'word' &&
      (findByName(named, value.name) !== undefined || (schema.activation === true && findActivation(value.name) !== undefined));
    if (fitsPositional(value, def.type) || (def.required && !isName)) {
      attempted.add(def.name);
      i = readInto(args, def, values, i, i, ctx);
    }
  }
  while (i < values.length) {
    const value = values[i];
    if (value.kind !== 'word') {
      ctx.sink.error(value.range, `${ctx.owner}: unexpected value ${valueText(value)}`, 'bad-value');
      i++;
      continue;
    }
    const def = findByName(named, value.name);
    if (def) {
      if (args.has(def.name)) ctx.sink.warning(value.range, `${ctx.owner}: '${def.name}' is given twice; the last one counts`, 'duplicate');
      attempted.add(def.name);
      i = readInto(args, def, values, i + 1, i, ctx);
      continue;
    }
    if (schema.activation && findActivation(value.name)) {
      i = readActivation(args, values, i, ctx);
      continue;
    }
    const candidates = named.flatMap(namesOf).concat(schema.activation ? ACTIVATION_NAMES : []);
    const guess = closest(value.name, candidates);
    ctx.sink.error(value.range, `${ctx.owner} has no option '${value.name}'${guess ? `; did you mean '${guess}'?` : ''}`, 'unknown-name');
    const guessed = guess ? findByName(named, guess) : undefined;
    if (guessed) attempted.add(guessed.name); // a misspelt required option is not also "missing"
    i++;
    while (i < values.length && values[i].kind !== 'word') i++; // its arguments would only add noise
  }
  for (const def of named) {
    if (def.required && !attempted.has(def.name)) {
      const what = def.name === ctx.owner ? 'a value' : def.name;
      ctx.sink.error(ctx.anchor, `${ctx.owner} needs ${what} (${describeType(def.type)})`, 'missing');
    }
  }
  return args;
}

/** `name args...` where the name picks one of several choices (an optimizer, a loss...). */
export function interpretChoice(
  values: readonly Value[],
  choices: readonly ChoiceDef[],
  what: string,
  ctx: InterpretContext,
): { choice: ChoiceDef; args: Args; name: Word } | null {
  const flat = flattenCall(values);
  const first = flat[0];
  const allNames = choices.flatMap(namesOf);
  if (!first) {
    ctx.sink.error(ctx.anchor, `${what} needs a value: ${choices.map((c) => c.name).join(', ')}`, 'missing');
    return null;
  }
  if (first.kind !== 'word') {
    ctx.sink.error(first.range, `${what} must be one of ${choices.map((c) => c.name).join(', ')}, got ${valueText(first)}`, 'bad-value');
    return null;
  }
  const choice = findByName(choices, first.name);
  if (!choice) {
    ctx.sink.error(first.range, `unknown ${what} '${first.name}'${didYouMean(first.name, allNames)}`, 'unknown-name');
    return null;
  }
  const args = interpretArgs(flat.slice(1), choice.schema, { ...ctx, owner: `${what} ${choice.name}`, anchor: first.range });
  return { choice, args, name: first };
}

/** `f(a, k: v, k2 v2)` as the flat list `f a k v k2 v2`; other values pass through. */
export function flattenCall(values: readonly Value[]): Value[] {
  return values.flatMap((value) => {
    if (value.kind !== 'call') return [value];
    const args = value.args.flatMap((arg) => (arg.key ? [arg.key as Value, ...arg.values] : [...arg.values]));
    return [value.callee as Value, ...args];
  });
}

function fitsPositional(value: Value, type: ValueType): boolean {
  switch (type.kind) {
    case 'int':
    case 'number':
      return value.kind === 'number';
    case 'pair':
    case 'shape':
      return value.kind === 'number' || value.kind === 'list';
    case 'pad':
      return (
        value.kind === 'number' || value.kind === 'list' || (value.kind === 'word' && (value.name === 'same' || value.name === 'valid'))
      );
    case 'enum':
      return value.kind === 'word' && type.values.includes(value.name);
    case 'string':
      return value.kind === 'string';
    case 'name':
    case 'init':
      return value.kind === 'word' || value.kind === 'string';
    case 'names':
    case 'rest':
    case 'flag':
      return true;
  }
}

function readInto(args: Args, def: OptionDef, values: readonly Value[], at: number, from: number, ctx: InterpretContext): number {
  const result = readValue(def.type, values, at, ctx);
  const start = values[from].range;
  if (!result.ok) {
    const where = at < values.length ? values[at].range : start;
    if (result.whole) ctx.sink.error(where, result.message, 'unknown-name');
    else ctx.sink.error(where, `${def.name === ctx.owner ? ctx.owner : `${ctx.owner}: ${def.name}`} ${result.message}`, 'bad-value');
    return Math.max(result.next, from + 1);
  }
  const end = result.next > from ? values[result.next - 1].range : start;
  args.values.set(def.name, { value: result.value, range: spanRanges(start, end), def });
  return result.next;
}

function readValue(type: ValueType, values: readonly Value[], i: number, ctx: InterpretContext): ReadResult {
  const value = values[i] as Value | undefined;
  const needs = `needs ${describeType(type)}`;
  if (type.kind === 'flag') {
    if (value?.kind === 'word' && ['on', 'off', 'true', 'false', 'yes', 'no'].includes(value.name)) {
      return { ok: true, value: ['on', 'true', 'yes'].includes(value.name), next: i + 1 };
    }
    return { ok: true, value: true, next: i };
  }
  if (type.kind === 'names' || type.kind === 'rest') return readRest(type, values, i, ctx);
  if (!value) return { ok: false, message: needs, next: i };
  const got = `${needs}, got ${valueText(value)}`;
  switch (type.kind) {
    case 'int':
    case 'number': {
      if (value.kind !== 'number' || !Number.isFinite(value.value)) return { ok: false, message: got, next: i + 1 };
      const v = value.value;
      const bad =
        (type.kind === 'int' && !Number.isInteger(v)) ||
        (type.min !== undefined && (v < type.min || (type.kind === 'number' && type.minExclusive && v === type.min))) ||
        (type.max !== undefined && (v > type.max || (type.kind === 'number' && type.maxExclusive && v === type.max)));
      if (!bad) return { ok: true, value: v, next: i + 1 };
      return {
        ok: false,
        message: type.kind === 'int' && type.max !== undefined && v > type.max ? `${got}; the limit is ${limitText(type.max)}` : got,
        next: i + 1,
      };
    }
    case 'enum':
      if (value.kind === 'word' && type.values.includes(value.name)) return { ok: true, value: value.name, next: i + 1 };
      if (value.kind === 'word')
        return { ok: false, message: `${needs}, got '${value.name}'${didYouMean(value.name, type.values)}`, next: i + 1 };
      return { ok: false, message: got, next: i + 1 };
    case 'pair':
    case 'shape':
    case 'pad':
      return readSizes(type, value, i, got);
    case 'string':
      return value.kind === 'string'
        ? { ok: true, value: value.value, next: i + 1 }
        : { ok: false, message: `${needs} in quotes, got ${valueText(value)}`, next: i + 1 };
    case 'name':
      if (value.kind === 'word' || value.kind === 'string')
        return { ok: true, value: value.kind === 'word' ? value.name : value.value, next: i + 1 };
      return { ok: false, message: got, next: i + 1 };
    case 'init':
      return readInit(values, i, ctx);
  }
}

function readSizes(type: ValueType & { kind: 'pair' | 'shape' | 'pad' }, value: Value, i: number, got: string): ReadResult {
  const kind = type.kind;
  if (kind === 'pad' && value.kind === 'word' && (value.name === 'same' || value.name === 'valid'))
    return { ok: true, value: value.name, next: i + 1 };
  const min = kind === 'pad' ? 0 : 1;
  const items = value.kind === 'list' ? value.items : [value];
  const sizes = items.map((item) => (item.kind === 'number' && Number.isInteger(item.value) && item.value >= min ? item.value : NaN));
  const countOk = kind === 'shape' ? sizes.length >= 1 && sizes.length <= 3 : sizes.length === 1 || sizes.length === 2;
  if (!countOk || sizes.some(Number.isNaN)) return { ok: false, message: got, next: i + 1 };
  if (type.max !== undefined && sizes.some((size) => size > type.max!))
    return { ok: false, message: `${got}; each size is at most ${limitText(type.max)}`, next: i + 1 };
  const resolved = kind !== 'shape' && sizes.length === 1 ? [sizes[0], sizes[0]] : sizes;
  return { ok: true, value: resolved, next: i + 1 };
}

/** 16777216 -> "16,777,216 (2^24)": the documented limits are powers of two. */
function limitText(max: number): string {
  const log = Math.log2(max);
  return `${max.toLocaleString('en-US')}${Number.isInteger(log) && log > 10 ? ` (2^${log})` : ''}`;
}

function readRest(type: ValueType & { kind: 'names' | 'rest' }, values: readonly Value[], i: number, ctx: InterpretContext): ReadResult {
  const rest = values.slice(i).flatMap((v) => (v.kind === 'list' ? v.items : [v]));
  if (type.kind === 'rest') return { ok: true, value: rest, next: values.length };
  const names: string[] = [];
  for (const value of rest) {
    const name = value.kind === 'word' ? value.name : value.kind === 'string' ? value.value : null;
    if (name === null) ctx.sink.error(value.range, `${ctx.owner}: expected a name, got ${valueText(value)}`, 'bad-value');
    else if (type.values && !type.values.includes(name))
      ctx.sink.error(value.range, `${ctx.owner}: unknown '${name}'${didYouMean(name, type.values)}`, 'unknown-name');
    else names.push(name);
  }
  return { ok: true, value: names, next: values.length };
}

function readInit(values: readonly Value[], i: number, ctx: InterpretContext): ReadResult {
  const value = values[i];
  const allNames = INITS.flatMap(namesOf);
  if (value.kind !== 'word')
    return { ok: false, message: `needs an initialiser (${INITS.map((d) => d.name).join(', ')}), got ${valueText(value)}`, next: i + 1 };
  const def = findByName(INITS, value.name);
  if (!def)
    return { ok: false, message: `unknown initialiser '${value.name}'${didYouMean(value.name, allNames)}`, next: i + 1, whole: true };
  // The init's own options follow it: `normal std 0.02`. Take words that name one of them.
  let end = i + 1;
  const optionNames = def.schema.options.flatMap(namesOf);
  while (end < values.length && values[end].kind === 'word' && optionNames.includes((values[end] as Word).name)) end += 2;
  end = Math.min(end, values.length);
  const args = interpretArgs(values.slice(i + 1, end), def.schema, { ...ctx, owner: `init ${def.name}`, anchor: value.range });
  return { ok: true, value: initOf(def, args), next: end };
}

function readActivation(args: Args, values: readonly Value[], i: number, ctx: InterpretContext): number {
  const word = values[i] as Word;
  const def = findActivation(word.name);
  if (!def) return i + 1;
  let next = i + 1;
  let spec: ActivationSpec = { fn: def.name };
  let range = word.range;
  const alphaValue = values[next];
  if (def.alpha) {
    spec = { fn: def.name, alpha: def.alpha.default };
    if (alphaValue?.kind === 'number') {
      spec = { fn: def.name, alpha: alphaValue.value };
      range = spanRanges(range, alphaValue.range);
      next++;
    }
  }
  if (args.activation)
    ctx.sink.error(
      word.range,
      `${ctx.owner} already has the activation ${args.activation.spec.fn}; put a second one on its own line`,
      'bad-value',
    );
  else args.activation = { spec, range };
  return next;
}
