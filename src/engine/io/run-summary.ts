// What a list of runs shows of a run folder, read from its record.jsonl without loading it whole:
// the first line (start: file, model, device), read whole however long it is (a data set's
// statistics can make it tens of kilobytes), and the last one (end: status, final metrics) from
// the file's tail, each checked against the run record's schema (run-record.ts). A record with no
// end is "running" while its writer lives and "interrupted" once it is gone: the writer's pid and
// host are in the start line (and in each `resumed` line); a record from another machine, or
// without a pid, counts as interrupted once it has not grown for STALE_MS. Pure Node.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CHECKPOINT_FILE } from './checkpoint';
import { EndLine, StartLine, type RunStatus } from './run-record';

export interface RunSummary {
  readonly dir: string;
  readonly file: string; // the experiment, absolute
  readonly model: string;
  readonly time: string; // ISO start time
  readonly device: string;
  /** 'running' when the record has no end line and its writer is alive; 'interrupted' when it is gone. */
  readonly status: RunStatus | 'running';
  readonly message: string;
  readonly final: Readonly<Record<string, number>>;
  /** Not finished (stopped, interrupted, failed) and a checkpoint to continue from. */
  readonly resumable: boolean;
  /** For a run of a sweep: the swept settings and their values ({ 'optimizer.lr': 0.002 }), else {}. */
  readonly sweep: Readonly<Record<string, number | string>>;
  /** A distilled run: its teacher run's folder and model (the record's start.distill). */
  readonly teacher?: { readonly dir: string; readonly model: string };
}

const CHUNK = 64 * 1024;
/** A record without an end that has not grown for this long, and whose writer cannot be asked, was interrupted. */
export const STALE_MS = 10 * 60 * 1000;
/** A dead pid counts only for a record this still (the pid may be an older writer's, the run resumed). */
const SETTLE_MS = 5000;
export const RESUMABLE_STATUSES: ReadonlySet<string> = new Set(['stopped', 'interrupted', 'error']);
/** The start line's fields a summary shows, and of its config only the sweep: the rest (graph,
 *  settings) need not be kept to list a run. */
const SummaryStart = StartLine.pick({
  type: true,
  model: true,
  file: true,
  time: true,
  device: true,
  pid: true,
  host: true,
  distill: true,
}).extend({
  config: z.looseObject({ sweep: z.record(z.string(), z.union([z.number(), z.string()])).optional() }).optional(),
});

function readRange(fd: number, start: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, start);
  return buf.subarray(0, n);
}

/** The file's first line, whole: read chunk after chunk until its newline (or the end of the file). */
function firstLine(fd: number, size: number): string {
  const parts: Buffer[] = [];
  for (let pos = 0; pos < size; pos += CHUNK) {
    const chunk = readRange(fd, pos, Math.min(CHUNK, size - pos));
    const nl = chunk.indexOf(10);
    parts.push(nl >= 0 ? chunk.subarray(0, nl) : chunk);
    if (nl >= 0 || chunk.length === 0) break;
  }
  return Buffer.concat(parts).toString('utf8');
}

function parseLine(line: string | undefined): unknown {
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null; // a line cut by a crash
  }
}

export function readRunSummary(dir: string, now = Date.now()): RunSummary | null {
  const path = join(dir, 'record.jsonl');
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd),
      size = stat.size;
    const start = SummaryStart.safeParse(parseLine(firstLine(fd, size)));
    if (!start.success) return null;
    const tail = readRange(fd, Math.max(0, size - CHUNK), Math.min(size, CHUNK))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const end = EndLine.safeParse(parseLine(tail[tail.length - 1]));
    const s = start.data,
      e = end.success ? end.data : null;
    const status = e ? e.status : writerGone(lastWriter(tail) ?? s, now - stat.mtimeMs) ? 'interrupted' : 'running';
    return {
      dir,
      file: s.file ?? '',
      model: s.model,
      time: s.time ?? '',
      device: s.device ?? '',
      status,
      message: e?.message ?? (status === 'interrupted' ? 'the process writing the run is gone' : ''),
      final: e?.final ?? {},
      resumable: RESUMABLE_STATUSES.has(status) && existsSync(join(dir, CHECKPOINT_FILE)),
      sweep: s.config?.sweep ?? {},
      ...(s.distill ? { teacher: { dir: s.distill.teacher, model: s.distill.teacherModel } } : {}),
    };
  } finally {
    closeSync(fd);
  }
}

/** The newest writer named in the tail: the last `resumed` line's process. */
function lastWriter(tail: readonly string[]): { pid?: number; host?: string } | null {
  for (let i = tail.length - 1; i >= 0; i--) {
    if (!tail[i]!.startsWith('{"type":"resumed"')) continue;
    const v = parseLine(tail[i]) as { pid?: unknown; host?: unknown } | null;
    return v ? { ...(typeof v.pid === 'number' ? { pid: v.pid } : {}), ...(typeof v.host === 'string' ? { host: v.host } : {}) } : null;
  }
  return null;
}

function writerGone(w: { pid?: number | undefined; host?: string | undefined }, stillMs: number): boolean {
  if (stillMs > STALE_MS) return true;
  if (w.pid === undefined || w.host !== hostname() || stillMs < SETTLE_MS) return false;
  try {
    process.kill(w.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
