// Every side the CPU bench measures, and how each runs: Model Lab's backends and tfjs in a tsx child
// (side.ts), PyTorch in a Python child (torch_peer.py), each printing one JSON line. A side that
// cannot run here (no torch, no OpenBLAS download, no wasm backend yet) says why; nothing throws.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MODEL_LAB_BACKENDS } from './backends';
import { openblasDir } from './openblas';
import type { SideReply } from './side';
import { caseWire, CASES, type CaseKey, type Timing } from './spec';

export interface Side {
  readonly id: string;
  readonly label: string;
  readonly kind: 'model-lab' | 'peer';
  readonly threads: readonly number[];
  /** Thread counts asked for but impossible on this side, and why. */
  readonly noThreads?: string;
  /** Why this side cannot run here, or null (may do work: the OpenBLAS download). */
  readonly missing: () => string | null;
  /** The Node binary a TypeScript side runs on (default: this process's). */
  readonly node?: string;
  readonly run: (threads: number, cases: readonly CaseKey[], t: Timing, limitS: number) => SideReply;
}

const ROOT = join(__dirname, '..', '..');
const ALL = availableParallelism();

/** Runs a child and parses the last JSON line of its stdout; progress goes to our stderr. */
export function childJson<T>(cmd: string, args: string[], env: NodeJS.ProcessEnv, limitS: number): T {
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: limitS * 1000,
    maxBuffer: 1 << 24,
  });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} exited with ${r.status ?? r.signal}`);
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${cmd} printed no JSON line`);
  return JSON.parse(line) as T;
}

/** A TypeScript side in a child: node with tsx's loader (and any extra node flags). */
export const tsChild = <T>(file: string, req: object, limitS: number, flags: string[] = [], node = process.execPath): T =>
  childJson<T>(node, [...flags, '--import', 'tsx', join(ROOT, 'bench', 'cpu', file), JSON.stringify(req)], process.env, limitS);

const tsSide = (
  id: string,
  label: string,
  kind: Side['kind'],
  threads: readonly number[],
  missing: () => string | null,
  noThreads?: string,
  node?: string,
): Side => ({
  id,
  label,
  kind,
  threads,
  noThreads,
  missing,
  node,
  run: (th, cases, timing, limitS) => tsChild<SideReply>('side.ts', { side: id, threads: th, cases, timing }, limitS, [], node),
});

/** Debian's python3 (where python3-torch lives), unless BENCH_PYTHON names another. */
export const python = (): string => process.env.BENCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function torchMissing(): string | null {
  const r = spawnSync(python(), ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${python()} cannot run (${r.error.message}); install python3-torch (Debian) or set BENCH_PYTHON`;
  return r.status === 0
    ? null
    : `${python()} has no torch (${r.stderr.trim().split('\n').pop()}); install python3-torch or set BENCH_PYTHON`;
}

function torchSide(id: string, label: string, env: (threads: number) => NodeJS.ProcessEnv | string): Side {
  let missing: string | null | undefined;
  return {
    id,
    label,
    kind: 'peer',
    threads: ALL > 1 ? [1, ALL] : [1],
    missing: () =>
      missing === undefined ? (missing = torchMissing() ?? (typeof env(1) === 'string' ? (env(1) as string) : null)) : missing,
    run: (th, keys, timing, limitS) => {
      const e = env(th);
      if (typeof e === 'string') throw new Error(e);
      const cases = CASES.filter((c) => keys.includes(c.key)).map(caseWire);
      const reply = childJson<SideReply & { blas: string }>(
        python(),
        [join(ROOT, 'bench', 'torch_peer.py'), JSON.stringify({ threads: th, cases, timing })],
        e,
        limitS,
      );
      if (id === 'torch-openblas' && reply.blas !== 'openblas') throw new Error('torch did not load OpenBLAS from LD_LIBRARY_PATH');
      return { ...reply, notes: [...reply.notes, `BLAS: ${reply.blas}`] };
    },
  };
}

/** OpenBLAS for torch: its libblas.so.3 first on the library path, its threads matching torch's. */
function openblasEnv(threads: number): NodeJS.ProcessEnv | string {
  const got = openblasDir(ROOT);
  if ('reason' in got) return `the OpenBLAS ceiling was not measured: ${got.reason}`;
  const { OPENBLAS_CORETYPE: _c, OPENBLAS_L2_SIZE: _l, ...env } = process.env;
  const ld = [got.dir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { ...env, LD_LIBRARY_PATH: ld, OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
}

const NO_NODE_THREADS = 'tfjs-backend-wasm has no threads in Node (tfjs issue 3830: its threaded build needs Web Workers)';

export const SIDES: readonly Side[] = [
  ...MODEL_LAB_BACKENDS.map((b) =>
    tsSide(
      b.id,
      b.label,
      'model-lab',
      b.threads,
      b.missing,
      b.threads.length < 2 && ALL > 1 ? 'single-threaded by design' : undefined,
      b.node,
    ),
  ),
  torchSide('torch', 'PyTorch as shipped', () => process.env),
  torchSide('torch-openblas', 'PyTorch+OpenBLAS', openblasEnv),
  tsSide('tfjs-wasm', 'tfjs-wasm', 'peer', [1], () => null, ALL > 1 ? NO_NODE_THREADS : undefined),
  tsSide('tfjs-cpu', 'tfjs-cpu', 'peer', [1], () => null, ALL > 1 ? 'pure JavaScript, one thread' : undefined),
];
