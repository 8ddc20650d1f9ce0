// A whole run record (record.jsonl) read back: the start line, every step and epoch, the marks
// (learning-rate changes, pauses) and the end. Compare and re-run need all of it; the Runs tree
// reads only the first and last lines (run-records.ts). A last line cut by a crash is dropped;
// any other malformed line is an error naming the file and line. Pure Node: no vscode.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { DataSpec } from '../../graph/data-spec';
import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';

/** The record writer stores NaN and ±Infinity as strings (JSON has no such numbers): read them back. */
const real = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform(Number)]);
const count = z.number().int().nonnegative();
const object = z.record(z.string(), z.unknown());

const Start = z.looseObject({
  type: z.literal('start'),
  model: z.string(),
  time: z.string().optional(),
  file: z.string().optional(),
  device: z.string().optional(),
  config: z.looseObject({ epochs: count, batch: count, seed: z.number(), optimizer: object, loss: object }),
  /** Records written before graphs were kept have none: they can be compared, not re-run. */
  graph: z.looseObject({ name: z.string(), nodes: z.array(z.unknown()), layers: z.array(z.unknown()), range: object }).optional(),
  data: z.looseObject({ name: z.string(), source: object }).optional(),
  graphHash: z.string().optional(),
  dataHash: z.string().optional(),
  params: count.optional(),
  rerunOf: z.string().optional(),
});
const Step = z.object({ type: z.literal('step'), step: count, epoch: count, loss: real });
const Epoch = z.object({ type: z.literal('epoch'), epoch: count, step: count, lr: real, metrics: z.record(z.string(), real), seconds: real.optional(), samplesPerSec: real.optional() });
const Mark = z.looseObject({ type: z.enum(['lr', 'pause', 'resume']), step: count, lr: real.nullable().optional(), time: z.string().optional() });
const End = z.looseObject({
  type: z.literal('end'),
  status: z.string(),
  message: z.string().optional(),
  epochs: count.optional(),
  steps: count.optional(),
  final: z.record(z.string(), real).optional(),
  bestEpoch: count.optional(),
  seconds: real.optional(),
});

/** The start line: what was trained, on what, where (the schemas above check the fields read back). */
export interface RecordStart {
  readonly model: string;
  readonly time?: string;
  readonly file?: string;
  readonly device?: string;
  readonly config: TrainConfig;
  readonly graph?: Graph;
  readonly data?: DataSpec;
  readonly graphHash?: string;
  readonly dataHash?: string;
  readonly params?: number;
  /** The run this one trained again (its folder name). */
  readonly rerunOf?: string;
  readonly [field: string]: unknown;
}
export interface RecordStep {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
}
export interface RecordEpoch {
  readonly epoch: number;
  readonly step: number;
  readonly lr: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly seconds?: number;
  readonly samplesPerSec?: number;
}
export interface RecordMark {
  readonly type: 'lr' | 'pause' | 'resume';
  readonly step: number;
  /** lr marks: the rate set by hand, null when handed back to the schedule. */
  readonly lr?: number | null;
  readonly time?: string;
}
export interface RecordEnd {
  readonly status: string;
  readonly message?: string;
  readonly epochs?: number;
  readonly steps?: number;
  readonly final?: Readonly<Record<string, number>>;
  readonly bestEpoch?: number;
  readonly seconds?: number;
}

export interface RunRecord {
  /** The run folder; its name is the run's id. */
  readonly dir: string;
  readonly start: RecordStart;
  readonly steps: readonly RecordStep[];
  readonly epochs: readonly RecordEpoch[];
  readonly marks: readonly RecordMark[];
  /** Null while the run trains, or when its process died before the end line. */
  readonly end: RecordEnd | null;
  /** The last line was cut (a crash mid-write) and left out. */
  readonly truncated: boolean;
}

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/** Reads `dir/record.jsonl`; throws a RecordError naming the file (and line) when it cannot. */
export function readRunRecord(dir: string): RunRecord {
  const path = join(dir, 'record.jsonl');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RecordError(`${path}: cannot read the run record (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseRunRecord(text, path, dir);
}

export function parseRunRecord(text: string, path: string, dir = join(path, '..')): RunRecord {
  const lines = text.split('\n');
  // Only the last non-empty line can be cut by a crash: the writer appends whole lines.
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  let start: RecordStart | null = null;
  const steps: RecordStep[] = [];
  const epochs: RecordEpoch[] = [];
  const marks: RecordMark[] = [];
  let end: RecordEnd | null = null;
  let truncated = false;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const at = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i === last && start) {
        truncated = true;
        break;
      }
      throw new RecordError(`${at}: not a JSON line${i === 0 ? ' (is this a Model Lab run record?)' : ''}`);
    }
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (!start) {
      if (type !== 'start') throw new RecordError(`${at}: a run record begins with its 'start' line, found ${type === undefined ? 'no type' : `'${String(type)}'`}`);
      start = check(Start, value, at) as unknown as RecordStart; // config, graph, data: checked for shape, trusted for content
      continue;
    }
    if (end) throw new RecordError(`${at}: a '${String(type)}' line after the run's 'end'`);
    if (type === 'step') steps.push(strip(check(Step, value, at)));
    else if (type === 'epoch') epochs.push(strip(check(Epoch, value, at)));
    else if (type === 'lr' || type === 'pause' || type === 'resume') marks.push(check(Mark, value, at));
    else if (type === 'end') end = check(End, value, at);
    else if (type === 'start') throw new RecordError(`${at}: a second 'start' line`);
    // Other types are left to newer versions of the writer.
  }
  if (!start) throw new RecordError(`${path}: the run record is empty`);
  return { dir, start, steps, epochs, marks, end, truncated };
}

/** The run's id: its folder name (what `rerunOf` and the trainer's runId say). */
export const runIdOf = (record: RunRecord): string => basename(record.dir);

function check<T extends z.ZodType>(schema: T, value: unknown, at: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'line';
  throw new RecordError(`${at}: ${(value as { type: string }).type} ${field}: ${issue.message}`);
}

function strip<T extends { type: unknown }>(o: T): Omit<T, 'type'> {
  const { type, ...rest } = o;
  void type;
  return rest;
}
