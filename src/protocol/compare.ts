// Host <-> compare runs panel.

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { RunId, RunInfo } from './runs';
import { count, LogLine, MetricBatch, real } from './wire';

/** At most this many runs side by side: beyond it the table and the legend stop being readable. */
export const MAX_COMPARED_RUNS = 24;

/** Runs from their records: curves for the charts, the settings that differ and the final metrics. */
export const CompareShow = z.object({
  /** One column per run: its legend name and a line under it (status, device, folder). */
  runs: z
    .array(z.object({ runId: RunId, label: z.string().max(300), detail: z.string().max(1000) }))
    .min(1)
    .max(MAX_COMPARED_RUNS),
  /** Per run: the per-step training loss, then each epoch's metrics and learning rate (at the epoch's step). */
  curves: z.array(MetricBatch).max(MAX_COMPARED_RUNS),
  /** Per run: label, status and markers, as the Training view takes them. */
  info: z.array(RunInfo).max(MAX_COMPARED_RUNS),
  /** Only the settings whose values differ; values are display text, one per run ('—': not set). */
  settings: z.array(z.object({ key: z.string().max(300), values: z.array(z.string().max(2000)).max(MAX_COMPARED_RUNS) })).max(10_000),
  /** Every final metric of any run; null where a run has none; `best` indexes the runs with the best value. */
  metrics: z
    .array(
      z.object({
        key: z.string().max(100),
        values: z.array(real.nullable()).max(MAX_COMPARED_RUNS),
        better: z.enum(['min', 'max']),
        best: z.array(count).max(MAX_COMPARED_RUNS),
      }),
    )
    .max(1000),
  architectureDiffers: z.boolean(),
});
export type CompareShow = z.infer<typeof CompareShow>;

export const HostToCompare = {
  requests: {},
  notifications: {
    /** The whole comparison; a later one (another selection) replaces the page. */
    show: { payload: CompareShow, latestWins: true },
  },
} as const satisfies Direction;

export const CompareToHost = {
  requests: {},
  notifications: {
    /** A column's header was clicked: open that run's record. */
    openRecord: { payload: z.object({ runId: RunId }) },
    log: LogLine,
  },
} as const satisfies Direction;
