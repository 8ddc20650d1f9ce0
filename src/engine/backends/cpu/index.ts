// The CPU backend: the executable specification. Buffers are Float32Arrays; compiling a program
// binds every call to its kernel and to subarray views once, so running a step allocates nothing.

import type { Backend, BufferRef, KernelCall, Program, Runtime } from '../../backend';
import type { KernelName } from '../../kernels/contract';
import { CPU_KERNELS } from './kernels';
import { Workspace } from './workspace';

export interface CpuBackendOptions {
  /** 'f64' runs the same kernels on Float64Array: a reference for gradient checks only. */
  readonly dtype?: 'f32' | 'f64';
}

export class CpuBackend implements Backend {
  readonly name = 'cpu';
  private readonly buffers: Float32Array[] = [];
  private readonly make: (n: number) => Float32Array;
  readonly ws: Workspace;

  constructor(opts: CpuBackendOptions = {}) {
    // The kernels only index arrays, so a Float64Array is a drop-in (typed as f32 on purpose).
    this.make = opts.dtype === 'f64' ? (n) => new Float64Array(n) as unknown as Float32Array : (n) => new Float32Array(n);
    this.ws = new Workspace(this.make);
  }

  alloc(size: number): number {
    this.buffers.push(this.make(Math.max(1, size)));
    return this.buffers.length - 1;
  }

  write(buffer: number, data: Float32Array, offset = 0): void {
    this.buf(buffer).set(data, offset);
  }

  read(buffer: number, offset = 0, size?: number): Promise<Float32Array> {
    return Promise.resolve(this.readSync(buffer, offset, size));
  }

  /** CPU only: a copy of a buffer's contents, now. */
  readSync(buffer: number, offset = 0, size?: number): Float32Array {
    const b = this.buf(buffer);
    return Float32Array.from(b.subarray(offset, size === undefined ? b.length : offset + size));
  }

  /** CPU only: the live array behind a handle (no copy). */
  view(buffer: number): Float32Array {
    return this.buf(buffer);
  }

  compile(calls: readonly KernelCall[]): Program {
    const ws = this.ws;
    const bound = calls.map((c) => {
      const fn = Object.hasOwn(CPU_KERNELS, c.kernel) ? CPU_KERNELS[c.kernel] : undefined; // calls may come untyped
      if (!fn) throw new Error(`cpu backend: no kernel '${c.kernel}'`);
      const views = (c.args as readonly BufferRef[]).map((r) => this.buf(r.buffer).subarray(r.offset, r.offset + r.size));
      return { fn, views, p: c.p };
    });
    return {
      run(rt: Runtime): void {
        for (let i = 0; i < bound.length; i++) {
          const b = bound[i]!;
          b.fn(b.views, b.p, rt, ws);
        }
      },
    };
  }

  dispose(): void {
    this.buffers.length = 0;
  }

  supports(kernel: KernelName): boolean {
    return Object.hasOwn(CPU_KERNELS, kernel);
  }

  private buf(h: number): Float32Array {
    const b = this.buffers[h];
    if (!b) throw new Error(`cpu backend: no buffer ${h}`);
    return b;
  }
}
