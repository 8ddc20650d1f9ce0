// Kernel conformance: every kernel of the CPU backend (the executable specification), each case
// of op-cases.ts, run on WebGPU (Dawn) and compared buffer by buffer. The table iterates the CPU
// kernel registry, so a kernel without a WGSL twin or without a test case is a failing row,
// never a silently missing one. Each case runs twice: arguments in buffers of their own, and all
// arguments packed into ONE buffer at unaligned offsets (the plan's flat parameter buffer does
// that: one binding per buffer, offsets in the uniform block).

import { strict as assert } from 'node:assert';
import type { BufferRef, KernelCall } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { CPU_KERNELS } from '../../src/engine/backends/cpu/kernels';
import { WebGpuBackend, WGSL_KERNELS } from '../../src/engine/backends/webgpu';
import { Rng } from '../../src/engine/rng';
import { deviceOrSkip } from './dawn';
import { OP_CASES, type OpCase } from './op-cases';

type Layout = 'separate' | 'packed';

function place(be: CpuBackend | WebGpuBackend, data: readonly Float32Array[], layout: Layout): BufferRef[] {
  if (layout === 'separate') {
    return data.map((d) => {
      const h = be.alloc(d.length);
      be.write(h, d);
      return { buffer: h, offset: 0, size: d.length };
    });
  }
  let off = 5; // odd gaps: nothing lands on a 256-byte boundary
  const at = data.map((d) => { const o = off; off += d.length + 3; return o; });
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
  let worst = 0, where = '';
  cpu.forEach((ref, a) => {
    const got = gpu[a]!;
    for (let i = 0; i < ref.length; i++) {
      const r = ref[i]!, g = got[i]!;
      if (Object.is(r, g) || (Number.isNaN(r) && Number.isNaN(g))) continue;
      const err = Math.abs(g - r) / (c.tol.atol + c.tol.rtol * Math.abs(r) || Number.MIN_VALUE);
      if (!(err <= worst)) { worst = Number.isNaN(err) ? Infinity : err; where = `arg ${a}[${i}]: cpu ${r}, webgpu ${g}`; }
    }
  });
  return { worst, where };
}

async function runCase(gpu: WebGpuBackend, c: OpCase, layout: Layout): Promise<void> {
  const data = inputs(c, 7);
  const cpu = new CpuBackend();
  const results: Float32Array[][] = [];
  for (const be of [cpu, gpu] as const) {
    const refs = place(be, data, layout);
    const call: KernelCall = { kernel: c.kernel, args: refs, p: c.p };
    be.compile([call]).run({ ...c.rt });
    results.push(await Promise.all(refs.map((r) => be.read(r.buffer, r.offset, r.size))));
  }
  const { worst, where } = compare(c, results[0]!, results[1]!);
  assert.ok(worst <= 1, `${c.kernel} (${c.name}, ${layout}): error ${worst.toPrecision(3)}x tolerance at ${where}`);
}

describe('WebGPU kernel conformance (vs the CPU backend)', function () {
  let gpu: WebGpuBackend;
  before(async function () {
    gpu = new WebGpuBackend(await deviceOrSkip(this));
  });
  after(() => {
    const device = gpu?.device;
    gpu?.dispose();
    device?.destroy();
  });

  for (const kernel of Object.keys(CPU_KERNELS)) {
    describe(kernel, () => {
      const cases = OP_CASES.filter((c) => c.kernel === kernel);
      it('has a WGSL twin and a conformance case', () => {
        assert.ok(WGSL_KERNELS[kernel], `no WGSL kernel '${kernel}' in src/engine/backends/webgpu/kernels`);
        assert.ok(cases.length > 0, `no case for '${kernel}' in test/gpu/op-cases.ts`);
      });
      for (const c of cases) {
        it(`${c.name}`, async function () {
          if (!WGSL_KERNELS[kernel]) this.skip();
          await runCase(gpu, c, 'separate');
          await runCase(gpu, c, 'packed');
        });
      }
    });
  }

  it('every WGSL kernel is a CPU kernel too', () => {
    assert.deepEqual(Object.keys(WGSL_KERNELS).filter((k) => !CPU_KERNELS[k]), []);
  });
});
