// A whole run record (record.jsonl) read back: the start line, every step and epoch, the marks
// (learning-rate changes, pauses, resumptions) and the end. Compare and re-run need all of it; the Runs tree
// reads only the first and last lines (run-summary.ts). A last line cut by a crash is dropped;
// any other malformed line is an error naming the file, the line and the field. The lines'
// schemas are the run record's (run-record.ts).
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from '../zod';
import {
  EndLine,
  EpochLine,
  MarkLine,
  SampleLine,
  StartLine,
  StepLine,
  type RecordEnd,
  type RecordEpoch,
  type RecordMark,
  type RecordSample,
  type RecordStart,
  type RecordStep,
} from './run-record';

export type { RecordEnd, RecordEpoch, RecordMark, RecordSample, RecordStart, RecordStep } from './run-record';

export interface RunRecord {
  /** The run folder; its name is the run's id. */
  readonly dir: string;
  readonly start: RecordStart;
  readonly steps: readonly RecordStep[];
  readonly epochs: readonly RecordEpoch[];
  readonly marks: readonly RecordMark[];
  /** A language model's text sampled after each epoch (older records have none). */
  readonly samples: readonly RecordSample[];
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
  const samples: RecordSample[] = [];
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
    const type = lineType(value);
    if (!start) {
      if (type !== 'start')
        throw new RecordError(
          `${at}: a run record begins with its 'start' line, found ${type === undefined ? 'no type' : `'${String(type)}'`}`,
        );
      start = check(StartLine, value, at);
      continue;
    }
    if (type === 'resumed') {
      // Continued from a checkpoint: what the earlier process wrote after it (and its end, when it
      // was stopped) is replaced by what follows.
      const mark = check(MarkLine, value, at);
      dropAfter(steps, (r) => r.step > mark.step);
      dropAfter(epochs, (r) => r.step > mark.step);
      dropAfter(marks, (r) => r.step > mark.step);
      dropAfter(samples, (r) => r.step > mark.step);
      marks.push(mark);
      end = null;
      continue;
    }
    if (end) throw new RecordError(`${at}: a '${String(type)}' line after the run's 'end'`);
    if (type === 'step') steps.push(strip(check(StepLine, value, at)));
    else if (type === 'epoch') epochs.push(strip(check(EpochLine, value, at)));
    else if (type === 'sample') samples.push(strip(check(SampleLine, value, at)));
    else if (type === 'lr' || type === 'pause' || type === 'resume') marks.push(check(MarkLine, value, at));
    else if (type === 'end') end = check(EndLine, value, at);
    else if (type === 'start') throw new RecordError(`${at}: a second 'start' line`);
    // Other types are left to newer versions of the writer.
  }
  if (!start) throw new RecordError(`${path}: the run record is empty`);
  return { dir, start, steps, epochs, marks, samples, end, truncated };
}

/** The run's id: its folder name (what `rerunOf` and the trainer's runId say). */
export const runIdOf = (record: RunRecord): string => basename(record.dir);

function check<T extends z.ZodType>(schema: T, value: unknown, at: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'line';
  throw new RecordError(`${at}: ${String(lineType(value))} ${field}: ${issue.message}`);
}

/** Removes the trailing entries that match (records are in step order). */
function dropAfter<T>(list: T[], after: (r: T) => boolean): void {
  let n = list.length;
  while (n > 0 && after(list[n - 1]!)) n--;
  list.length = n;
}

function lineType(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
}

function strip<T extends { type: unknown }>(o: T): Omit<T, 'type'> {
  const { type, ...rest } = o;
  void type;
  return rest;
}
