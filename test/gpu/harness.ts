// The conformance harness: one op case run on the CPU backend and on another backend (WebGPU,
// WebAssembly), every argument buffer compared afterwards. Used by conformance.test.ts (Dawn),
// test/browser (Chromium) and test/unit/engine/wasm-conformance.test.ts, so no Node imports here.

import type { Backend, BufferRef, KernelCall } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { Rng } from '../../src/engine/rng';
import type { OpCase } from './op-cases';

export type Layout = 'separate' | 'packed';

function place(be: Backend, data: readonly Float32Array[], layout: Layout): BufferRef[] {
  if (layout === 'separate') {
    return data.map((d) => {
      const h = be.alloc(d.length);
      be.write(h, d);
      return { buffer: h, offset: 0, size: d.length };
    });
  }
  let off = 5; // odd gaps: nothing lands on a 256-byte boundary
  const at = data.map((d) => {
    const o = off;
    off += d.length + 3;
    return o;
  });
  const h = be.alloc(off);
  data.forEach((d, i) => be.write(h, d, at[i]));
  return data.map((d, i) => ({ buffer: h, offset: at[i]!, size: d.length }));
}

function inputs(c: OpCase, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  const args = c.sizes.map((n) => Float32Array.from({ length: n }, () => 2 * rng.uniform() - 1));
  c.prep?.(args, rng, c.rt);
  return args;
}

/** Worst violation of |g - c| <= atol + rtol |c| over all argument buffers (<= 1 passes). */
function compare(c: OpCase, cpu: Float32Array[], gpu: Float32Array[]): { worst: number; where: string } {
  let worst = 0,
    where = '';
  cpu.forEach((ref, a) => {
    const got = gpu[a]!;
    for (let i = 0; i < ref.length; i++) {
      const r = ref[i]!,
        g = got[i]!;
      if (Object.is(r, g) || (Number.isNaN(r) && Number.isNaN(g))) continue;
      const err = Math.abs(g - r) / (c.tol.atol + c.tol.rtol * Math.abs(r) || Number.MIN_VALUE);
      if (!(err <= worst)) {
        worst = Number.isNaN(err) ? Infinity : err;
        where = `arg ${a}[${i}]: cpu ${r}, other ${g}`;
      }
    }
  });
  return { worst, where };
}

/** Runs the case on both backends; the failure message, or null when within tolerance. */
export async function caseError(gpu: Backend, c: OpCase, layout: Layout): Promise<string | null> {
  const data = inputs(c, 7);
  const cpu = new CpuBackend();
  const results: Float32Array[][] = [];
  for (const be of [cpu, gpu] as const) {
    const refs = place(be, data, layout);
    // The case table is typed by kernel (op-cases.ts); its rows are untyped here.
    const call = { kernel: c.kernel, args: refs, p: c.p } as unknown as KernelCall;
    be.compile([call]).run({ ...c.rt });
    results.push(await Promise.all(refs.map((r) => be.read(r.buffer, r.offset, r.size))));
  }
  const { worst, where } = compare(c, results[0]!, results[1]!);
  return worst <= 1 ? null : `${c.kernel} (${c.name}, ${layout}): error ${worst.toPrecision(3)}x tolerance at ${where}`;
}

export async function runCase(gpu: Backend, c: OpCase, layout: Layout): Promise<void> {
  const err = await caseError(gpu, c, layout);
  if (err) throw new Error(err);
}
