// The PyTorch+OpenBLAS ceiling without installing anything system-wide (TESTING-NOTES.md, "Peers
// for the CPU benchmarks"): Debian's libopenblas0-pthread downloaded with apt-get and unpacked with
// dpkg -x into .bench-cache/ (git-ignored), once; later runs reuse it. Never throws: a machine
// without apt or network gets the reason instead.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PKG = 'libopenblas0-pthread';
const LIB = join('usr', 'lib', 'x86_64-linux-gnu', 'openblas-pthread');

let cached: { dir: string } | { reason: string } | undefined;

function run(cmd: string, args: string[], cwd: string): string | null {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  if (r.error) return `${cmd} cannot run (${r.error.message})`;
  return r.status === 0 ? null : `${cmd} ${args[0]} failed: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? ''}`;
}

export function openblasDir(root: string): { dir: string } | { reason: string } {
  return (cached ??= fetchOpenblas(join(root, '.bench-cache', 'openblas')));
}

function fetchOpenblas(cache: string): { dir: string } | { reason: string } {
  const dir = join(cache, 'root', LIB);
  if (existsSync(join(dir, 'libblas.so.3'))) return { dir };
  if (process.env.BENCH_NO_DOWNLOAD) return { reason: 'BENCH_NO_DOWNLOAD is set and .bench-cache/openblas is empty' };
  process.stderr.write(`openblas: apt-get download ${PKG} into ${cache} ...\n`);
  mkdirSync(cache, { recursive: true });
  const failed = run('apt-get', ['download', PKG], cache);
  if (failed) return { reason: failed };
  const deb = readdirSync(cache).find((f) => f.startsWith(PKG) && f.endsWith('.deb'));
  if (!deb) return { reason: `apt-get download left no ${PKG} .deb in ${cache}` };
  const unpack = run('dpkg', ['-x', deb, 'root'], cache);
  if (unpack) return { reason: unpack };
  return existsSync(join(dir, 'libblas.so.3')) ? { dir } : { reason: `${deb} has no ${LIB}/libblas.so.3` };
}
