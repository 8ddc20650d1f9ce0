// The one way a run writes a file (weights, checkpoints, loss.svg): a temporary file in the same
// folder, written, fsynced and renamed over the target, so a reader (or a run killed mid-write)
// sees the old file or the new one, never half of one. On failure the temporary file is removed
// and the error says which file and keeps the original as its `cause`. The record's lines are the
// one exception: they are appended and flushed (record-file.ts).
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The calls the helper makes, so a test can inject a failing one (a full disk, an I/O error). */
export type AtomicFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync'>;

export class RunFileError extends Error {
  override readonly name = 'RunFileError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${describe(cause)}`, { cause });
  }
}

let counter = 0;

/** Writes `data` to `path` atomically; throws a RunFileError naming `path` when it cannot. */
export function writeFileAtomic(path: string, data: Uint8Array | string, fs: AtomicFs = nodeFs): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'w');
    for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, path);
  } catch (e) {
    // Cleaning up must not hide the first error: its own failure is ignored.
    try {
      if (fd !== null) fs.closeSync(fd);
    } catch {
      /* already failing */
    }
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* already failing */
    }
    throw new RunFileError(path, e);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') return 'the disk is full (ENOSPC)';
    if (code === 'EDQUOT') return 'the disk quota is exceeded (EDQUOT)';
    return e.message;
  }
  return String(e);
}
