// The thread pool: threads-1 worker_threads, started once, each with its own instance of the
// kernels over the ONE shared memory. A job is handed out through a control block in that
// memory (no postMessage per kernel): the caller writes the job's descriptor, bumps a generation
// counter and notifies; every thread, the caller included as thread 0, runs the job's function
// on its share (the kernels split over output rows or samples), and the caller waits on the
// done counter. Atomics.wait/notify are futexes: no busy loop, no event loop turn.

import { Worker } from 'node:worker_threads';

/** Byte offsets of the control block ([gen, done, job, threads, quit]) and of the descriptor
 *  (DESC_SLOTS i32 slots; the light jobs read f64 values from DESC_F64 on, over slots 16-31). */
export const CTL = 64;
export const DESC = 256;
export const DESC_SLOTS = 32;
export const DESC_F64 = DESC + 64;

/** The job functions the pool can run, by index (exports of kernels/index.ts). */
export const JOBS = [
  'gemm_job',
  'conv_fwd_job',
  'conv_bwd_data_job',
  'conv_bwd_filter_job',
  'pool_job',
  'norm_job',
  'optim_job',
  'attn_job',
  'rnn_fwd_job',
  'rnn_bwd_job',
  'gelu_job',
] as const;
export type JobName = (typeof JOBS)[number];
type JobFn = (desc: number, tid: number, nt: number) => void;

const WORKER = `
const { parentPort, workerData: d } = require('node:worker_threads');
const inst = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
const fns = d.jobs.map((n) => inst.exports[n]);
const ctl = new Int32Array(d.memory.buffer, d.ctl, 8);
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 4) !== 0) break;
  const nt = ctl[3];
  if (d.tid < nt) fns[ctl[2]](d.desc, d.tid, nt);
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
`;

export class ThreadPool {
  private readonly ctl: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly fns: readonly JobFn[];

  private constructor(
    readonly threads: number,
    memory: WebAssembly.Memory,
    exports: WebAssembly.Exports,
  ) {
    this.ctl = new Int32Array(memory.buffer, CTL, 8);
    this.fns = JOBS.map((n) => exports[n] as JobFn);
  }

  /** Starts threads-1 workers and resolves once each has instantiated the module. */
  static async start(threads: number, module: WebAssembly.Module, memory: WebAssembly.Memory, exports: WebAssembly.Exports) {
    const pool = new ThreadPool(threads, memory, exports);
    const ready: Promise<void>[] = [];
    for (let tid = 1; tid < threads; tid++) {
      const w = new Worker(WORKER, { eval: true, workerData: { module, memory, tid, jobs: JOBS, ctl: CTL, desc: DESC } });
      w.unref(); // an idle pool never keeps the process alive
      pool.workers.push(w);
      ready.push(
        new Promise((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      pool.dispose();
      throw e;
    }
    return pool;
  }

  /** Runs job `name` (its descriptor already written at DESC) on `nt` threads (1..threads). */
  run(name: JobName, nt: number): void {
    const job = JOBS.indexOf(name);
    if (nt <= 1 || this.workers.length === 0) {
      this.fns[job]!(DESC, 0, 1);
      return;
    }
    const ctl = this.ctl;
    Atomics.store(ctl, 1, 0);
    ctl[2] = job;
    ctl[3] = nt;
    Atomics.add(ctl, 0, 1);
    Atomics.notify(ctl, 0);
    this.fns[job]!(DESC, 0, nt);
    const others = this.workers.length;
    for (let done = Atomics.load(ctl, 1); done < others; done = Atomics.load(ctl, 1)) Atomics.wait(ctl, 1, done);
  }

  dispose(): void {
    if (this.workers.length === 0) return;
    Atomics.store(this.ctl, 4, 1);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
