// What the Runs tree shows of a run folder, read from its record.jsonl without loading it whole:
// the first line (start: file, model, device, config) and the last one (end: status, final metrics).
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export interface RunSummary {
  readonly dir: string;
  readonly file: string; // the experiment, absolute
  readonly model: string;
  readonly time: string; // ISO start time
  readonly device: string;
  /** 'running' when the record has no end line (a live run, or a process killed mid-run). */
  readonly status: string;
  readonly message: string;
  readonly final: Readonly<Record<string, number>>;
}

const CHUNK = 64 * 1024;

function readRange(fd: number, start: number, length: number): string {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, start);
  return buf.subarray(0, n).toString('utf8');
}

function parseLine(line: string | undefined): Record<string, unknown> | null {
  try {
    return line ? (JSON.parse(line) as Record<string, unknown>) : null;
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
    const start = parseLine(readRange(fd, 0, Math.min(size, CHUNK)).split('\n')[0]);
    if (start?.type !== 'start') return null;
    const tail = readRange(fd, Math.max(0, size - CHUNK), Math.min(size, CHUNK)).trimEnd().split('\n');
    const end = parseLine(tail[tail.length - 1]);
    const ended = end?.type === 'end';
    return {
      dir,
      file: String(start.file ?? ''),
      model: String(start.model ?? ''),
      time: String(start.time ?? ''),
      device: String(start.device ?? ''),
      status: ended ? String(end.status) : 'running',
      message: ended ? String(end.message ?? '') : '',
      final: ended && typeof end.final === 'object' && end.final ? (end.final as Record<string, number>) : {},
    };
  } finally {
    closeSync(fd);
  }
}

/** The number a person looks for first: accuracy if measured (test, then val, then train), else the loss. */
export function keyMetric(final: Readonly<Record<string, number>>): string {
  for (const k of ['test_accuracy', 'val_accuracy', 'train_accuracy']) {
    const v = final[k];
    if (typeof v === 'number') return `${k.replace('_accuracy', ' acc')} ${(v * 100).toFixed(1)}%`;
  }
  for (const k of ['test_loss', 'val_loss', 'loss']) {
    const v = final[k];
    if (typeof v === 'number') return `${k} ${v.toPrecision(3)}`;
  }
  return '';
}
