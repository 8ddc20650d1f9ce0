// The PyTorch CUDA eager peer of the WebGPU bench: runs torch_cuda_peer.py (the CPU bench's
// python, bench/cpu/sides.ts: Debian's, or BENCH_PYTHON) and says why where it cannot.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { python } from './cpu/sides';

export type TorchCuda =
  | { readonly cuda: false; readonly reason: string }
  | { readonly cuda: true; readonly device: string; readonly version: string; readonly rates: ReadonlyMap<string, number | string> };

export function torchCuda(keys: readonly string[], seconds: number): TorchCuda {
  const r = spawnSync(python(), [join(__dirname, 'torch_cuda_peer.py'), keys.join(','), String(seconds)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.error) return { cuda: false, reason: `${python()} cannot run (${r.error.message})` };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const got = JSON.parse(line) as
      | { cuda: false; reason: string }
      | { cuda: true; device: string; version: string; results: { key: string; rate?: number; error?: string }[] };
    if (!got.cuda) return got;
    return { ...got, rates: new Map(got.results.map((x) => [x.key, x.rate ?? `error: ${x.error}`])) };
  } catch {
    return { cuda: false, reason: `torch_cuda_peer.py: ${(r.stderr.trim().split('\n').pop() ?? '') || 'no output'}` };
  }
}
