// Import Run: a run folder trained elsewhere (an exported PyTorch script, another machine) copied
// into this workspace's .modellab/runs, after its record.jsonl reads as a run record; the Runs
// tree, report, chart and Compare then show it like a local run. The folder keeps its name (the
// run's id), with -2, -3, ... when one of that name is there already.
import { cpSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readRunRecord, type RunRecord } from './read-record';

export interface ImportedRun {
  readonly dir: string;
  readonly record: RunRecord;
}

/** Throws a RecordError naming the file and line when `source` holds no readable run record. */
export function importRunFolder(source: string, runsDir: string): ImportedRun {
  const from = resolve(source);
  readRunRecord(from);
  const name = basename(from);
  let dir = join(runsDir, name);
  for (let i = 2; existsSync(dir); i++) dir = join(runsDir, `${name}-${i}`);
  cpSync(from, dir, { recursive: true });
  return { dir, record: readRunRecord(dir) };
}
