// What a list of runs shows of a run folder, read from its record.jsonl without loading it whole:
// the first line (start: file, model, device) and the last one (end: status, final metrics), each
// checked against the run record's schema (run-record.ts). Pure Node: the Runs tree uses it.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { EndLine, StartLine, type RunStatus } from './run-record';

export interface RunSummary {
  readonly dir: string;
  readonly file: string; // the experiment, absolute
  readonly model: string;
  readonly time: string; // ISO start time
  readonly device: string;
  /** 'running' when the record has no end line (a live run, or a process killed mid-run). */
  readonly status: RunStatus | 'running';
  readonly message: string;
  readonly final: Readonly<Record<string, number>>;
}

const CHUNK = 64 * 1024;
/** The start line's fields a summary shows: the rest (config, graph) need not be read to list a run. */
const SummaryStart = StartLine.pick({ type: true, model: true, file: true, time: true, device: true });

function readRange(fd: number, start: number, length: number): string {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, start);
  return buf.subarray(0, n).toString('utf8');
}

function parseLine(line: string | undefined): unknown {
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null; // a line cut by a crash
  }
}

export function readRunSummary(dir: string): RunSummary | null {
  const path = join(dir, 'record.jsonl');
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = SummaryStart.safeParse(parseLine(readRange(fd, 0, Math.min(size, CHUNK)).split('\n')[0]));
    if (!start.success) return null;
    const tail = readRange(fd, Math.max(0, size - CHUNK), Math.min(size, CHUNK)).trimEnd().split('\n');
    const end = EndLine.safeParse(parseLine(tail[tail.length - 1]));
    const s = start.data, e = end.success ? end.data : null;
    return {
      dir,
      file: s.file ?? '',
      model: s.model,
      time: s.time ?? '',
      device: s.device ?? '',
      status: e ? e.status : 'running',
      message: e?.message ?? '',
      final: e?.final ?? {},
    };
  } finally {
    closeSync(fd);
  }
}
