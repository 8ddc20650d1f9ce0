// `node --expose-gc --import tsx bench/cpu/heap-check.ts '{"side":"reference","threads":1}'`: does
// a Model Lab training step allocate? XOR (the smallest step, where an allocation would show most)
// runs WARM_STEPS warm-up steps, then a full GC, then 100,000 steps with no GC forced: heap growth over
// them is what they allocated (and a GC during them proves allocation). Prints one JSON line.

import { PerformanceObserver } from 'node:perf_hooks';
import { MODEL_LAB_BACKENDS } from './backends';
import { CASES, HEAP_STEPS } from './spec';
import { modelLabStep } from './steps';

/** Enough steps for V8 to finish optimizing the step's functions: after 1,000 the optimizing
 *  compiler's own allocations (feedback, deopts) still fell in the window, 20-100 B/step of
 *  noise; after 20,000 what remains is under 4 B/step, below one heap number per step. */
const WARM_STEPS = 20_000;

export interface HeapReply {
  readonly steps: number;
  readonly stepsPerSecond: number;
  /** heapUsed after the steps minus before them (no GC in between unless `gcs` > 0). */
  readonly allocatedBytes: number;
  /** heapUsed growth that survives a full GC afterwards (a leak, not garbage). */
  readonly retainedBytes: number;
  /** Garbage collections during the timed steps. */
  readonly gcs: number;
}

async function main(req: { side: string; threads: number }): Promise<HeapReply> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const be = MODEL_LAB_BACKENDS.find((b) => b.id === req.side);
  if (!be) throw new Error(`no Model Lab backend '${req.side}'`);
  const s = modelLabStep(
    CASES.find((c) => c.key === 'xor')!,
    await be.create(req.threads),
  );
  for (let i = 0; i < WARM_STEPS; i++) s.step();
  await s.flush();
  // V8 optimizes on a background thread: on a loaded machine its code arrives late, and installing
  // it allocates. A pause lets it land, a few more steps install it, before the window opens.
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 1000; i++) s.step();
  let gcs = 0;
  const obs = new PerformanceObserver((list) => void (gcs += list.getEntries().length));
  gc();
  obs.observe({ entryTypes: ['gc'] });
  const h0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < HEAP_STEPS; i++) s.step();
  const seconds = (performance.now() - t0) / 1000;
  const h1 = process.memoryUsage().heapUsed;
  await new Promise((r) => setImmediate(r)); // let the observer deliver GC entries of the loop
  obs.disconnect();
  gc();
  const h2 = process.memoryUsage().heapUsed;
  s.dispose();
  return { steps: HEAP_STEPS, stepsPerSecond: HEAP_STEPS / seconds, allocatedBytes: h1 - h0, retainedBytes: h2 - h0, gcs };
}

main(JSON.parse(process.argv[2] ?? '{}') as { side: string; threads: number }).then(
  (r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
