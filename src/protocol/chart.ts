// Host <-> training view (charts, in the panel area).

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { RunId, RunInfo } from './runs';
import { ComputeInfo, Empty, LogLine, MetricBatch, PageMemory } from './wire';

/** A file name without folders, for the save dialog's default. */
const ExportName = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
  .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, 'expected a file name without folders');
/** The chart as a PNG (base64, at most ~22 MB of image) or its points as CSV text (at most 64 MB). */
export const SaveExport = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('png'), name: ExportName, data: z.string().min(1).max(30_000_000) }),
  z.object({ kind: z.literal('csv'), name: ExportName, data: z.string().max(64_000_000) }),
]);
export type SaveExport = z.infer<typeof SaveExport>;

/** The live charts' feed, the same for every page that draws them (the Training view, the trainer
 *  panel): notifications from the host, and what a page asks for after each handshake. */
export const ChartFeedNotifications = {
  /** New metric points; the page appends them. While a page is hidden or not ready only the newest
   *  batch is kept: a (re)loaded page asks for the whole `history` anyway, so nothing is lost. */
  metrics: { payload: MetricBatch, latestWins: true },
  /** A run's name, status and markers; a (re)loaded page asks for all of them with `runs`. */
  runInfo: { payload: RunInfo, latestWins: true },
  /** The runs of the latest ▶ Train (one, or a sweep's several): the charts show these first and
   *  earlier runs only when asked. */
  current: { payload: z.object({ runIds: z.array(RunId).max(10_000) }), latestWins: true },
} as const;

export const ChartFeedRequests = {
  /** Everything recorded so far, e.g. after the page was hidden and rebuilt. */
  history: { params: Empty, result: z.array(MetricBatch) },
  /** Every run's `runInfo` so far, asked for together with `history`. */
  runs: { params: Empty, result: z.array(RunInfo).max(10_000) },
} as const;

export const HostToChart = {
  requests: {
    memory: { params: Empty, result: PageMemory },
  },
  notifications: {
    /** The device line shown above the charts. */
    compute: { payload: ComputeInfo, latestWins: true },
    ...ChartFeedNotifications,
  },
} as const satisfies Direction;

export const ChartToHost = {
  requests: {
    ...ChartFeedRequests,
    /** Save an export: the host asks where (a save dialog) and writes the file. */
    saveExport: { params: SaveExport, result: z.object({ saved: z.boolean(), path: z.string().max(4096).optional() }) },
  },
  notifications: {
    log: LogLine,
  },
} as const satisfies Direction;
