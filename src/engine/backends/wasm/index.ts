// The fast CPU backend: the kernel contract in WebAssembly SIMD (kernels/*.ts, AssemblyScript,
// built by scripts/build-wasm.mjs), on every core. Every buffer lives in ONE shared
// WebAssembly.Memory, so the worker threads' instances see the same tensors; compiling a
// program binds each call to its kernel, byte addresses and views once, so a step allocates
// nothing. createWasmBackend() falls back to the reference CpuBackend, with a message, wherever
// the runtime cannot run the module (no SIMD, no shared memory, a failed instantiate).

import { availableParallelism } from 'node:os';
import type { Backend, BufferRef, KernelCall, Program, Runtime } from '../../backend';
import { CpuBackend } from '../cpu';
import { Workspace } from '../cpu/workspace';
import type { Arg, Bound, WasmContext } from './context';
import { WASM_KERNELS } from './kernels';
import { loadKernels, type LoadOptions } from './load';
import { CTL, DESC, DESC_F64, DESC_SLOTS, ThreadPool, type JobName } from './threads';

const PAGE = 65536;
const HEAP = 4096; // below: the control block and the job descriptor (threads.ts)
/** Below this many multiply-adds a split job runs on the calling thread: waking the pool costs more. */
const SPLIT_MIN_WORK = 1 << 17;

export interface WasmBackendOptions extends LoadOptions {
  /** Threads, the caller's included (default: all cores, os.availableParallelism()). */
  readonly threads?: number;
  /** Multiply-adds below which a split kernel runs on one thread (tests set 0 to split everything). */
  readonly splitMinWork?: number;
}

export class WasmBackend implements Backend {
  readonly name = 'cpu';
  /** What the CLI prints: "CPU (WebAssembly SIMD, relaxed) · 2 threads". */
  readonly label: string;
  /** Each buffer's address and its view, made once: a shared memory's views survive its growth. */
  private readonly buffers: { ptr: number; size: number; view: Float32Array }[] = [];
  private top = HEAP;
  private scratch = { base: 0, stride: 0 };
  private readonly ctx: WasmContext;

  constructor(
    private readonly memory: WebAssembly.Memory,
    exports: WebAssembly.Exports,
    private readonly pool: ThreadPool,
    relaxed: boolean,
    splitMinWork = SPLIT_MIN_WORK,
  ) {
    const n = pool.threads;
    this.label = `CPU (WebAssembly SIMD${relaxed ? ', relaxed' : ''}) · ${n} thread${n === 1 ? '' : 's'}`;
    const desc = new Int32Array(memory.buffer, DESC, DESC_SLOTS);
    this.ctx = {
      fn: exports as WasmContext['fn'],
      desc,
      descF64: new Float64Array(memory.buffer, DESC_F64, 8),
      ws: new Workspace(),
      pool,
      needScratch: (floats) => this.needScratch(floats),
      scratchInto: (at) => {
        desc[at] = this.scratch.base;
        desc[at + 1] = this.scratch.stride;
      },
      run: (job: JobName, work: number) => pool.run(job, work < splitMinWork ? 1 : n),
    };
  }

  get threads(): number {
    return this.pool.threads;
  }

  alloc(size: number): number {
    const n = Math.max(1, size);
    const ptr = this.reserve(n * 4);
    this.buffers.push({ ptr, size: n, view: new Float32Array(this.memory.buffer, ptr, n) });
    return this.buffers.length - 1;
  }

  write(buffer: number, data: Float32Array, offset = 0): void {
    this.view(buffer).set(data, offset);
  }

  read(buffer: number, offset = 0, size?: number): Promise<Float32Array> {
    const v = this.view(buffer);
    return Promise.resolve(Float32Array.from(v.subarray(offset, size === undefined ? v.length : offset + size)));
  }

  compile(calls: readonly KernelCall[]): Program {
    const bound: Bound[] = calls.map((c) => {
      const make = Object.hasOwn(WASM_KERNELS, c.kernel) ? WASM_KERNELS[c.kernel] : undefined; // calls may come untyped
      if (!make) throw new Error(`wasm backend: no kernel '${c.kernel}'`);
      const args: Arg[] = (c.args as readonly BufferRef[]).map((r) => {
        const b = this.buf(r.buffer);
        return { ptr: b.ptr + r.offset * 4, view: new Float32Array(this.memory.buffer, b.ptr + r.offset * 4, r.size) };
      });
      return make(args, c.p, this.ctx);
    });
    return {
      run(rt: Runtime): void {
        for (let i = 0; i < bound.length; i++) bound[i]!(rt);
      },
    };
  }

  dispose(): void {
    this.pool.dispose();
    this.buffers.length = 0;
  }

  supports(): boolean {
    return true; // the table holds the whole contract
  }

  /** The live array behind a handle (no copy), as CpuBackend.view; the same object every call (write() per step allocates nothing). */
  view(h: number): Float32Array {
    return this.buf(h).view;
  }

  private buf(h: number) {
    const b = this.buffers[h];
    if (!b) throw new Error(`wasm backend: no buffer ${h}`);
    return b;
  }

  /** `bytes` at a 16-byte boundary at the top of the heap, growing the memory as needed. */
  private reserve(bytes: number): number {
    const ptr = this.top;
    this.top = ptr + Math.ceil(bytes / 16) * 16;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE));
    return ptr;
  }

  private needScratch(floats: number): void {
    const stride = Math.ceil((floats * 4) / 64) * 64;
    if (stride <= this.scratch.stride) return;
    this.scratch = { base: this.reserve(stride * this.pool.threads + 64), stride };
  }
}

export interface MadeCpuBackend {
  readonly backend: Backend;
  /** "CPU (WebAssembly SIMD, relaxed) · 2 threads", or the reference backend's. */
  readonly label: string;
  /** Why the reference backend runs instead, when it does. */
  readonly note: string | null;
}

export const REFERENCE_LABEL = 'CPU (reference TypeScript) · 1 thread';

/** The fast CPU backend on `threads` threads, or the reference CpuBackend with the reason. */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<MadeCpuBackend> {
  const threads = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
  const fallback = (why: string): MadeCpuBackend => ({
    backend: new CpuBackend(),
    label: REFERENCE_LABEL,
    note: `the fast CPU backend cannot run here (${why}); training on the reference CPU backend`,
  });
  const loaded = loadKernels(opts);
  if ('error' in loaded) return fallback(loaded.error);
  try {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const instance = new WebAssembly.Instance(loaded.module, { env: { memory } });
    new Int32Array(memory.buffer, CTL, 8).fill(0);
    const pool = await ThreadPool.start(threads, loaded.module, memory, instance.exports);
    const backend = new WasmBackend(memory, instance.exports, pool, loaded.relaxed, opts.splitMinWork);
    return { backend, label: backend.label, note: null };
  } catch (e) {
    return fallback(`the WebAssembly kernels failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
}
