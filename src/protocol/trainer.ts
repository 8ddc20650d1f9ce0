// Host <-> trainer panel.

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { ChartFeedNotifications, ChartFeedRequests } from './chart';
import { SampleRecord, StepRecord } from '../engine/io/run-record';
import { f32, LayerStatsWire, RunCheckpoint, RunEnded, RunId, RunRequest, RunStarted, WireEpoch } from './runs';
import { ComputeInfo, count, DevicePreference, Empty, LogLine, PageMemory, TrainTarget } from './wire';

const u32 = z.custom<Uint32Array>((v) => v instanceof Uint32Array, 'expected a Uint32Array');
const u8 = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

/** A training set sent in chunks: the run request's train set is empty, its examples follow in
 *  `runData` notifications in the first epoch's order (src/extension/runs/data-chunks.ts). */
export const IncomingTrainSet = z.object({ examples: count, label: z.string().max(200) });

const RunProgress = z.object({
  runId: RunId,
  steps: z.array(StepRecord).max(100_000),
  epochs: z.array(WireEpoch).max(100_000),
  /** A language model's samples after the epochs in this batch (absent: none). */
  samples: z.array(SampleRecord).max(100_000).optional(),
});
const RunPaused = z.object({ runId: RunId, paused: z.boolean(), step: count });
const RunControl = z.object({ runId: RunId, action: z.enum(['stop', 'pause', 'resume']) });
const RunFailed = z.object({ runId: RunId, message: z.string().max(10_000) });

/** A run the host trains (the CPU, in its worker thread) as the page shows it: the page worker's own
 *  events, payload for payload, the tensors left out (the host records them; the page needs none). */
export const HostRunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('runStarted'), payload: RunStarted }),
  z.object({ type: z.literal('runProgress'), payload: RunProgress }),
  z.object({ type: z.literal('runPaused'), payload: RunPaused }),
  z.object({ type: z.literal('runEnded'), payload: RunEnded }),
  z.object({ type: z.literal('runFailed'), payload: RunFailed }),
]);
export type HostRunEvent = z.infer<typeof HostRunEvent>;

export const HostToTrainer = {
  requests: {
    /** Ask the trainer which device it can use (WebGPU adapter or the CPU, and why). */
    probeCompute: { params: z.object({ preference: DevicePreference }), result: ComputeInfo },
    /** Train one run; resolves once it has started on its device (events follow as notifications). */
    startRun: {
      params: z.object({ run: RunRequest, preference: DevicePreference, incoming: IncomingTrainSet.nullable() }),
      result: z.object({ device: z.enum(['webgpu', 'cpu']) }),
    },
    memory: { params: Empty, result: PageMemory },
  },
  notifications: {
    /** What the panel is for: shown in its header. */
    target: { payload: TrainTarget, latestWins: true },
    /** The device the panel's run uses, when the host knows better than the page's probe (the
     *  window's cached probe for a new page, or the run's device when it differs). */
    compute: { payload: ComputeInfo, latestWins: true },
    /** The live loss and metrics curves, drawn in the panel as in the Training view. */
    ...ChartFeedNotifications,
    /** A chunk of a run's training set (see IncomingTrainSet): rows `indices` of the set, and how
     *  many positions of the first epoch's order have arrived with it. */
    runData: {
      payload: z.object({
        runId: RunId,
        indices: u32,
        /** The features, or (at most 256 distinct values) a palette and each value's index in it. */
        x: z.union([f32, z.object({ palette: f32.refine((p) => p.length <= 256), codes: u8 })]),
        y: f32,
        positions: count,
      }),
    },
    /** The host reads a data set: what and how far (bytes of its files), for the panel's bar. */
    dataProgress: { payload: z.object({ label: z.string().max(200), done: count, total: count }), latestWins: true },
    runControl: { payload: RunControl },
    /** A run the host trains, for the panel's progress, numbers and buttons. */
    hostRun: { payload: HostRunEvent },
    /** A language model's sample after an epoch, as text (the host has the run's tokenizer). */
    runSample: { payload: z.object({ runId: RunId, epoch: count, text: z.string().max(100_000) }) },
  },
} as const satisfies Direction;

export const TrainerToHost = {
  requests: { ...ChartFeedRequests },
  notifications: {
    runStarted: { payload: RunStarted },
    /** Per-step losses and finished epochs, batched by the page: a few messages a second whatever
     *  the step rate (a tiny data set finishes thousands of epochs a second). */
    runProgress: { payload: RunProgress },
    runPaused: { payload: RunPaused },
    /** Stop / Pause / Resume pressed in the panel for a run the host trains. */
    runControl: { payload: RunControl },
    /** The person set (or cleared, null) the learning rate in the panel; it applies from `step` on. */
    runLearningRateChanged: { payload: z.object({ runId: RunId, lr: z.number().positive().max(100).nullable(), step: count }) },
    runEnded: { payload: RunEnded },
    /** Weights, optimizer state and counters at an epoch's end (at most every few seconds), every
     *  half minute inside one, and at a stop: the host writes checkpoint.safetensors from it. */
    runCheckpoint: { payload: RunCheckpoint },
    /** A snapshot of the layer statistics, about once a second and at the run's end. */
    runStats: { payload: z.object({ runId: RunId, stats: LayerStatsWire }), latestWins: true },
    runFailed: { payload: RunFailed },
    /** Timing marks of the page (epoch ms: performance.timeOrigin + performance.now()), for the
     *  host's line of where the time to the first loss point went. */
    timing: { payload: z.object({ marks: z.array(z.object({ name: z.string().max(100), at: z.number().nonnegative() })).max(100) }) },
    log: LogLine,
  },
} as const satisfies Direction;
