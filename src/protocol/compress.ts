// Host <-> compression report panel: the rows of `model-lab compress-report`
// (src/export/onnx/compress-report.ts), computed on the host; the page only draws them.
import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { count, LogLine, real } from './wire';

/** One variant: the same fields as CompressRow, so a change there fails the host's parse. */
export const CompressRowWire = z
  .object({
    label: z.string().max(500),
    kind: z.enum(['original', 'pruned', 'int8', 'student', 'run']),
    model: z.string().max(200),
    run: z.string().max(2000),
    onnx: z.string().max(2000),
    bytes: count,
    nonZero: count,
    params: count,
    accuracy: z.number().min(0).max(1).nullable(),
    latencyMs: z.number().nonnegative(),
    vs: z.object({ bytes: real, accuracyPoints: real.nullable(), latency: real }).nullable(),
  })
  .strict();

export const CompressShow = z.object({
  /** The experiment file, as the workspace names it. */
  file: z.string().max(2000),
  rows: z.array(CompressRowWire).max(1000),
});
export type CompressShow = z.infer<typeof CompressShow>;

/** Where a Quantize (int8) asked of the page stands: running (with what it does), done (the int8
 *  file written; the refreshed table follows), failed (why: no weights, a model int8 does not
 *  cover) or cancelled (no calibration was picked). */
export const QuantizeStatus = z.object({
  run: z.string().max(2000),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  message: z.string().max(10_000),
});
export type QuantizeStatus = z.infer<typeof QuantizeStatus>;

export const HostToCompress = {
  requests: {},
  notifications: {
    /** Shown while the host exports and times the variants; `progress` is the share done, null when unknown. */
    loading: { payload: z.object({ title: z.string().max(300), progress: z.number().min(0).max(1).nullable() }), latestWins: true },
    show: { payload: CompressShow, latestWins: true },
    /** No table: the message says why (no finished run, an export that failed, ...). */
    failed: { payload: z.object({ title: z.string().max(300), message: z.string().max(10_000) }), latestWins: true },
    /** A run's int8 quantization: shown above the table until the next one. */
    quantize: { payload: QuantizeStatus, latestWins: true },
  },
} as const satisfies Direction;

export const CompressToHost = {
  requests: {},
  notifications: {
    /** The Refresh button: compute the table again (after training or quantizing another variant). */
    refresh: { payload: z.object({}) },
    /** A variant's name was clicked: open its run's record. */
    openRecord: { payload: z.object({ run: z.string().max(2000) }) },
    /** A float row's Quantize (int8): the run's post-training int8, as `model-lab quantize` makes it. */
    quantize: { payload: z.object({ run: z.string().max(2000) }) },
    /** What the page drew: the rows, or the error shown; for the log and the tests. */
    rendered: {
      payload: z.object({ state: z.enum(['shown', 'failed']), rows: count, error: z.string().max(10_000).nullable() }),
    },
    log: LogLine,
  },
} as const satisfies Direction;
