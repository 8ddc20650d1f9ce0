// The one schema of `npm run bench -- --json FILE` (documented in docs/engine.md, "Speed"). The
// harness validates its own document before writing it, and the harness test validates the file.

import { z } from '../../src/engine/zod';

const key = z.enum(['mlp', 'cnn', 'xor', 'lstm', 'gpt']);
const threads = z.number().int().positive();
const rate = z.number().positive();
const at = z.object({ side: z.string(), label: z.string(), threads });

export const BENCH_SCHEMA = 'model-lab/bench-cpu@1';

export const BenchDoc = z.strictObject({
  schema: z.literal(BENCH_SCHEMA),
  date: z.iso.datetime(),
  /** loadavg: the 1-minute load average when the run started and when it ended (a shared machine). */
  machine: z.object({
    cpu: z.string(),
    cores: threads,
    node: z.string(),
    platform: z.string(),
    loadavg: z.array(z.number().nonnegative()).length(2),
  }),
  mode: z.enum(['full', 'quick', 'smoke']),
  timing: z.object({
    warmupSeconds: z.number().nonnegative(),
    warmupSteps: threads,
    windows: threads,
    windowSeconds: z.number().nonnegative(),
    minSteps: threads,
    slowStep: z.number().positive(),
  }),
  /** Every side that ran: version and what it said about itself (SIMD, BLAS, threads). */
  sides: z.array(
    z.object({ side: z.string(), label: z.string(), kind: z.enum(['model-lab', 'peer']), version: z.string(), notes: z.array(z.string()) }),
  ),
  models: z.array(
    z.object({
      key,
      name: z.string(),
      unit: z.enum(['samples/s', 'tokens/s', 'steps/s']),
      batch: threads,
      /** One row per side and thread count: `rate` is the median of `windows`, in `unit`. */
      results: z.array(
        at.extend({ kind: z.enum(['model-lab', 'peer']), rate, windows: z.array(rate).min(1), steps: threads, slow: z.boolean() }),
      ),
      /** The fastest peer result of this model, or null when no peer ran. */
      strongestPeer: at.extend({ rate }).nullable(),
      /** Each Model Lab row against each peer's best thread count: ratio = ours / theirs. */
      ratios: z.array(at.extend({ against: at, ratio: rate })),
    }),
  ),
  /** Per-step allocation of Model Lab's XOR step over `steps` steps (heap-check.ts). */
  overhead: z.array(
    at.extend({
      steps: threads,
      stepsPerSecond: rate,
      allocatedBytes: z.number(),
      retainedBytes: z.number(),
      gcs: z.number().int().nonnegative(),
      allocates: z.boolean(),
    }),
  ),
  /** What was not measured and why: a whole side (threads and model null), a thread count, or one model. */
  skipped: z.array(
    z.object({ side: z.string(), label: z.string(), threads: threads.nullable(), model: key.nullable(), reason: z.string().min(1) }),
  ),
});

export type BenchDoc = z.infer<typeof BenchDoc>;
