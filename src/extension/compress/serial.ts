// One compression job at a time on the host: timing the variants beside a quantization (or two
// reports side by side) would skew each other's latency, and both spend the same CPU.
let tail: Promise<unknown> = Promise.resolve();

/** Runs `job` after every job queued before it has settled. */
export function serially<T>(job: () => Promise<T>): Promise<T> {
  const run = tail.then(job, job);
  tail = run.catch(() => undefined);
  return run;
}
