// How far the host has read a run's data set, for the trainer panel's bar: the bytes of the
// source's files (their sizes known from the file system) as the loaders read them. Pure Node:
// no vscode.
import { statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { DataSource, DataSpec } from '../../graph/data-spec';
import type { DataHost } from '../../engine/data/host';

/** The files a source reads, absolute; none for generated data and image folders (sizes unknown up front). */
export function sourceFiles(source: DataSource, base: string): string[] {
  const at = (p: string) => (isAbsolute(p) ? p : join(base, p));
  switch (source.kind) {
    case 'idx':
      return [at(source.images), at(source.labels)];
    case 'csv':
      return [at(source.path)];
    default:
      return [];
  }
}

/** What the panel calls a data set while it loads: its main file without extensions ("fashion-train-images"), else the block's name. */
export function dataLabel(spec: DataSpec): string {
  const s = spec.source;
  const file = s.kind === 'idx' ? s.images : s.kind === 'csv' ? s.path : null;
  return file ? basename(file).replace(/\..*$/, '') || spec.name : spec.name;
}

/** The files' sizes together; 0 when one is missing (the loader then says what is wrong). */
export function totalBytes(files: readonly string[]): number {
  try {
    return files.reduce((sum, f) => sum + statSync(f).size, 0);
  } catch {
    return 0;
  }
}

/**
 * `host`, reporting the bytes read so far of `files` (total `total`) after each file it reads;
 * other reads (an image folder, a file outside the list) pass through unreported.
 */
export function progressHost(
  host: DataHost,
  files: readonly string[],
  total: number,
  report: (done: number, total: number) => void,
): DataHost {
  const wanted = new Set(files);
  let done = 0;
  return {
    ...host,
    readFile: async (path) => {
      const bytes = await host.readFile(path);
      if (total > 0 && wanted.delete(path)) {
        done = Math.min(total, done + bytes.length);
        report(done, total);
      }
      return bytes;
    },
  };
}
