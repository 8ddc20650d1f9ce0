// Every message between the extension host and the webviews, in one place.
// Each direction is a table of requests (with a result) and notifications (fire and forget).
// The zod schemas are both the TypeScript types and the runtime validation: whatever arrives
// from the other side is checked against them before any handler sees it.
// The generic Channel that carries these lives in src/channel.ts.

import { z } from 'zod';
import type { Graph } from './graph/ir';
import type { TrainConfig } from './graph/train-config';

// Webviews forbid eval by CSP: without this zod probes `new Function` (a CSP violation) to speed up parsing.
z.config({ jitless: true });

export interface RequestDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly params: P;
  readonly result: R;
}
export interface NotificationDef<S extends z.ZodType = z.ZodType> {
  readonly payload: S;
  /** While the peer is hidden or not ready only the newest message of this type is kept. */
  readonly latestWins?: boolean;
}
export interface Direction {
  readonly requests: Readonly<Record<string, RequestDef>>;
  readonly notifications: Readonly<Record<string, NotificationDef>>;
}

// ---- shared payloads -------------------------------------------------------------------------

const count = z.number().int().nonnegative();
/** Any number, NaN and ±Infinity included: a diverging run's metrics must still arrive. */
const real = z.custom<number>((v) => typeof v === 'number', 'expected a number');

export const DevicePreference = z.enum(['auto', 'webgpu', 'cpu']);
export type DevicePreference = z.infer<typeof DevicePreference>;

/** What the trainer found to compute on. `reason` says why WebGPU is not used, when it is not. */
export const ComputeInfo = z.object({
  backend: z.enum(['webgpu', 'cpu']),
  adapter: z
    .object({
      vendor: z.string(),
      architecture: z.string(),
      device: z.string(),
      description: z.string(),
      isFallbackAdapter: z.boolean(),
    })
    .nullable(),
  limits: z
    .object({
      maxStorageBuffersPerShaderStage: z.number(),
      maxComputeInvocationsPerWorkgroup: z.number(),
      maxStorageBufferBindingSize: z.number(),
      maxBufferSize: z.number(),
    })
    .nullable(),
  reason: z.string().nullable(),
});
export type ComputeInfo = z.infer<typeof ComputeInfo>;

/** One batch of training metrics; the trainer sends a few of these a second at most. */
export const MetricBatch = z.object({
  runId: z.string().max(200),
  points: z
    .array(z.object({ step: z.number().int().nonnegative(), name: z.string().max(100), value: z.number() }))
    .max(200_000),
});
export type MetricBatch = z.infer<typeof MetricBatch>;

export const TrainTarget = z.object({
  file: z.string().max(4096), // workspace-relative path, for display
  model: z.string().max(200),
});
export type TrainTarget = z.infer<typeof TrainTarget>;

const Empty = z.object({}).strict();

/** A page's JavaScript heap (null where the browser does not tell), for "Show Memory Use". */
export const PageMemory = z.object({ heapBytes: z.number().nonnegative().nullable() });
export type PageMemory = z.infer<typeof PageMemory>;

// ---- training runs -----------------------------------------------------------------------------
// Tensors and data sets travel as typed arrays, which postMessage carries without JSON.

const RunId = z.string().min(1).max(200);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const f32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

export const WireTensor = z.object({ name: z.string().max(300), shape: z.array(count).max(8), data: f32 });
export type WireTensor = z.infer<typeof WireTensor>;

export const WireDataset = z.object({
  x: f32,
  y: f32,
  inputShape: z.array(count).min(1).max(4),
  targetLen: count,
  classes: count,
});
export type WireDataset = z.infer<typeof WireDataset>;

/** Everything the trainer page needs to train one run. Graph and config are the language's
 *  resolved objects; checked here for their shape, trusted for their content (the host made them). */
export const RunRequest = z.object({
  runId: RunId,
  graph: z.custom<Graph>((v) => isRecord(v) && typeof v.name === 'string' && Array.isArray(v.nodes) && Array.isArray(v.layers), 'expected a model graph'),
  config: z.custom<TrainConfig>((v) => isRecord(v) && typeof v.epochs === 'number' && typeof v.batch === 'number' && isRecord(v.loss), 'expected a train config'),
  data: z.object({ train: WireDataset, val: WireDataset.nullable(), test: WireDataset.nullable() }),
  shuffle: z.boolean(),
  /** Training-time augmentation of the data block; the worker seeds it from the run's seed. */
  augment: z.array(z.enum(['flip', 'crop', 'shift'])).max(3),
  init: z.array(WireTensor).nullable(),
});
export type RunRequest = z.infer<typeof RunRequest>;

const Metrics = z.record(z.string().max(100), real);
export const WireEpoch = z.object({ epoch: count, step: count, lr: real, metrics: Metrics, seconds: real, samplesPerSec: real });
export const RunStatus = z.enum(['completed', 'early_stopped', 'threshold', 'diverged', 'stopped', 'interrupted', 'error']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunStarted = z.object({
  runId: RunId,
  device: z.enum(['webgpu', 'cpu']),
  deviceNote: z.string().max(1000).nullable(),
  start: z.looseObject({ model: z.string(), seed: z.number(), params: count, batch: count, stepsPerEpoch: count, dataHash: z.string(), graphHash: z.string() }),
  initialWeights: z.array(WireTensor),
});
export const RunEnded = z.object({
  runId: RunId,
  end: z.object({
    status: RunStatus,
    message: z.string().max(10_000),
    epochs: count,
    steps: count,
    final: Metrics,
    bestEpoch: count,
    seconds: real,
    samplesPerSec: real,
  }),
  weights: z.array(WireTensor),
});
export type RunEnded = z.infer<typeof RunEnded>;

/** Not finite travels as null: NaN and ±Infinity do not survive the JSON between page and host. */
const stat = z.number().nullable();
/** Live layer statistics of a run (engine/train/layer-stats.ts): each layer's output mean and std
 *  over a fixed probe batch in eval mode, and the L2 norms of its gradient (last step) and
 *  weights; the norms are absent for a layer without trainable parameters. */
export const LayerStatsWire = z.object({
  step: count,
  epoch: count,
  samples: count,
  layers: z.array(z.object({ layer: count, mean: stat, std: stat, gradNorm: stat.optional(), weightNorm: stat.optional() })).max(20_000),
});
export type LayerStatsWire = z.infer<typeof LayerStatsWire>;

// ---- host <-> trainer panel ------------------------------------------------------------------

export const HostToTrainer = {
  requests: {
    /** Ask the trainer which device it can use (WebGPU adapter or the CPU, and why). */
    probeCompute: { params: z.object({ preference: DevicePreference }), result: ComputeInfo },
    /** Train one run; resolves once it has started on its device (events follow as notifications). */
    startRun: { params: z.object({ run: RunRequest, preference: DevicePreference }), result: z.object({ device: z.enum(['webgpu', 'cpu']) }) },
    memory: { params: Empty, result: PageMemory },
  },
  notifications: {
    /** What the panel is for: shown in its header. */
    target: { payload: TrainTarget, latestWins: true },
    runControl: { payload: z.object({ runId: RunId, action: z.enum(['stop', 'pause', 'resume']) }) },
    /** Override the learning rate from the next step on (null: back to the schedule). */
    runLearningRate: { payload: z.object({ runId: RunId, lr: z.number().positive().max(100).nullable() }) },
  },
} as const satisfies Direction;

/** A line for the Model Lab output channel. */
const LogLine = { payload: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) }) };

export const TrainerToHost = {
  requests: {},
  notifications: {
    runStarted: { payload: RunStarted },
    /** Per-step losses and finished epochs, batched by the page: a few messages a second whatever
     *  the step rate (a tiny data set finishes thousands of epochs a second). */
    runProgress: {
      payload: z.object({ runId: RunId, steps: z.array(z.object({ step: count, epoch: count, loss: real })).max(100_000), epochs: z.array(WireEpoch).max(100_000) }),
    },
    runPaused: { payload: z.object({ runId: RunId, paused: z.boolean(), step: count }) },
    /** The person set (or cleared, null) the learning rate in the panel; it applies from `step` on. */
    runLearningRateChanged: { payload: z.object({ runId: RunId, lr: z.number().positive().max(100).nullable(), step: count }) },
    runEnded: { payload: RunEnded },
    /** A snapshot of the layer statistics, about once a second and at the run's end. */
    runStats: { payload: z.object({ runId: RunId, stats: LayerStatsWire }), latestWins: true },
    runFailed: { payload: z.object({ runId: RunId, message: z.string().max(10_000) }) },
    log: LogLine,
  },
} as const satisfies Direction;

// ---- host <-> training view (charts, in the panel area) --------------------------------------

/** Something worth a vertical line on the charts: a learning-rate change, early stopping, the best epoch. */
export const RunMarker = z.object({ step: count, kind: z.enum(['lr', 'early_stop', 'best']), label: z.string().max(200) });
export type RunMarker = z.infer<typeof RunMarker>;

/** What the charts know of a run besides its points: its name, how it ended, its markers.
 *  Each message replaces the previous one for the same run. */
export const RunInfo = z.object({
  runId: RunId,
  label: z.string().max(200),
  /** Absent while the run trains. */
  status: RunStatus.optional(),
  bestEpoch: count.optional(),
  bestStep: count.optional(),
  events: z.array(RunMarker).max(10_000),
});
export type RunInfo = z.infer<typeof RunInfo>;

/** A file name without folders, for the save dialog's default. */
const ExportName = z.string().min(1).max(200).regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, 'expected a file name without folders');
/** The chart as a PNG (base64, at most ~22 MB of image) or its points as CSV text (at most 64 MB). */
export const SaveExport = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('png'), name: ExportName, data: z.string().min(1).max(30_000_000) }),
  z.object({ kind: z.literal('csv'), name: ExportName, data: z.string().max(64_000_000) }),
]);
export type SaveExport = z.infer<typeof SaveExport>;

export const HostToChart = {
  requests: {
    memory: { params: Empty, result: PageMemory },
  },
  notifications: {
    /** The device line shown above the charts. */
    compute: { payload: ComputeInfo, latestWins: true },
    /** New metric points; the view appends them. While the view is hidden only the newest batch is
     *  kept: a rebuilt view asks for the whole `history` anyway, so nothing is lost and nothing piles up. */
    metrics: { payload: MetricBatch, latestWins: true },
    /** A run's name, status and markers; a rebuilt view asks for all of them with `runs`. */
    runInfo: { payload: RunInfo, latestWins: true },
  },
} as const satisfies Direction;

export const ChartToHost = {
  requests: {
    /** The view asks for everything recorded so far, e.g. after it was hidden and rebuilt. */
    history: { params: Empty, result: z.array(MetricBatch) },
    /** Every run's `runInfo` so far, asked for together with `history`. */
    runs: { params: Empty, result: z.array(RunInfo).max(10_000) },
    /** Save an export: the host asks where (a save dialog) and writes the file. */
    saveExport: { params: SaveExport, result: z.object({ saved: z.boolean(), path: z.string().max(4096).optional() }) },
  },
  notifications: {
    log: LogLine,
  },
} as const satisfies Direction;

// ---- the envelope ------------------------------------------------------------------------------

/** Tag on every envelope so that stray messages (other extensions, devtools) are told apart. */
export const PROTOCOL_TAG = 'model-lab/1';

export const Envelope = z.discriminatedUnion('kind', [
  z.object({ tag: z.literal(PROTOCOL_TAG), kind: z.literal('ready'), ack: z.boolean() }),
  z.object({
    tag: z.literal(PROTOCOL_TAG),
    kind: z.literal('request'),
    id: z.number().int().nonnegative(),
    method: z.string().max(100),
    params: z.unknown(),
  }),
  z.object({
    tag: z.literal(PROTOCOL_TAG),
    kind: z.literal('response'),
    id: z.number().int().nonnegative(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.object({ name: z.string().max(200), message: z.string().max(10_000) }).optional(),
  }),
  z.object({ tag: z.literal(PROTOCOL_TAG), kind: z.literal('notify'), type: z.string().max(100), payload: z.unknown() }),
]);
export type Envelope = z.infer<typeof Envelope>;

// ---- type helpers used by the channel --------------------------------------------------------

export type Params<D extends Direction, M extends keyof D['requests']> = z.infer<D['requests'][M]['params']>;
export type Result<D extends Direction, M extends keyof D['requests']> = z.infer<D['requests'][M]['result']>;
export type Payload<D extends Direction, T extends keyof D['notifications']> = z.infer<D['notifications'][T]['payload']>;

// ---- host <-> data preview -------------------------------------------------------------------

/** A data block as the preview page draws it: first rows or images, histogram, statistics, splits. */
export const DataPreview = z.object({
  name: z.string().max(200),
  kind: z.enum(['table', 'images', 'synthetic']),
  inputShape: z.array(z.number().int()).max(8),
  /** Class names by index; empty for a regression. */
  classes: z.array(z.string().max(200)).max(10_000),
  sizes: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
  /** Training examples per class. */
  histogram: z.array(z.number().int()).max(10_000),
  features: z.array(z.object({ name: z.string().max(200), mean: z.number(), std: z.number(), min: z.number(), max: z.number() })).max(100_000),
  contentHash: z.string().max(64),
  notes: z.array(z.string().max(1000)).max(100),
  table: z.object({ columns: z.array(z.string().max(200)), rows: z.array(z.array(z.string().max(200))).max(100) }).nullable(),
  /** The first images: bytes [count, channels, height, width], base64; one label each. */
  images: z
    .object({ channels: z.number().int().min(1).max(4), height: z.number().int().min(1).max(512), width: z.number().int().min(1).max(512), pixels: z.string().max(20_000_000), labels: z.array(z.string().max(200)).max(1000) })
    .nullable(),
});
export type DataPreview = z.infer<typeof DataPreview>;

export const HostToPreview = {
  requests: {},
  notifications: {
    /** What to show; a later message replaces the page (a refreshed or another data block). */
    show: { payload: DataPreview, latestWins: true },
    /** The data could not be loaded: the message names the file and, when known, the line. */
    failed: { payload: z.object({ name: z.string().max(200), message: z.string().max(10_000) }), latestWins: true },
  },
} as const satisfies Direction;

export const PreviewToHost = {
  requests: {},
  notifications: {
    log: LogLine,
  },
} as const satisfies Direction;

// ---- host <-> architecture diagram -----------------------------------------------------------

const Range = z.object({ startLine: count, startCol: count, endLine: count, endCol: count });
const DiagramShape = z.array(z.number().int()).max(8).readonly();

/** The diagram model of src/diagram/model.ts, checked on arrival like every payload. */
export const DiagramData = z.object({
  name: z.string().max(200),
  nodes: z
    .array(
      z.object({
        id: z.string().max(40),
        kind: z.enum(['input', 'layer', 'add', 'collapsed']),
        layer: z.number().int().min(-1),
        layerKind: z.string().max(100),
        label: z.string().max(1000),
        shape: DiagramShape,
        params: count,
        range: Range.nullable(),
        group: z.string().max(40).nullable(),
      }),
    )
    .max(20_000)
    .readonly(),
  edges: z.array(z.object({ from: z.string().max(40), to: z.string().max(40), skip: z.boolean() })).max(40_000).readonly(),
  groups: z
    .array(
      z.object({
        id: z.string().max(40),
        kind: z.enum(['residual', 'repeat']),
        layer: count,
        label: z.string().max(1000),
        times: z.number().int().min(1),
        parent: z.string().max(40).nullable(),
        range: Range,
        shape: DiagramShape,
        params: count,
      }),
    )
    .max(10_000)
    .readonly(),
});

export const DiagramShow = z.object({
  /** Null when the model has no layers to draw yet (or is gone from the file). */
  diagram: DiagramData.nullable(),
  /** Trainable parameters of the whole model; null while it has errors. */
  totalParams: count.nullable(),
  /** Why the diagram is incomplete or missing (the first error), else null. */
  problem: z.string().max(10_000).nullable(),
});
export type DiagramShow = z.infer<typeof DiagramShow>;

export const HostToDiagram = {
  requests: {},
  notifications: {
    /** The whole diagram; re-sent after edits, so a later one replaces the page. */
    show: { payload: DiagramShow, latestWins: true },
    /** The layer under the editor's cursor (-1: none). */
    highlight: { payload: z.object({ layerIndex: z.number().int().min(-1) }), latestWins: true },
    /** Layer statistics of the model's run: live while it trains, then kept as the last run's;
     *  null clears them (the model changed since). Updates the drawing in place. */
    stats: { payload: z.object({ run: z.object({ runId: RunId, live: z.boolean(), stats: LayerStatsWire }).nullable() }), latestWins: true },
  },
} as const satisfies Direction;

export const DiagramToHost = {
  requests: {
    /** Export: the host asks where to save and writes the file. */
    saveSvg: { params: z.object({ svg: z.string().max(8_000_000) }), result: z.object({ saved: z.boolean(), path: z.string().max(4000).nullable() }) },
  },
  notifications: {
    /** A node was clicked: reveal its line in the editor. */
    reveal: { payload: z.object({ line: count, layerIndex: z.number().int().min(-1) }) },
    /** The page drew a `stats` message: how many nodes show numbers (tests read it). */
    statsShown: { payload: z.object({ runId: RunId, step: count, nodes: count }), latestWins: true },
    log: LogLine,
  },
} as const satisfies Direction;

// ---- host <-> compare runs panel -------------------------------------------------------------

/** At most this many runs side by side: beyond it the table and the legend stop being readable. */
export const MAX_COMPARED_RUNS = 24;

/** Runs from their records: curves for the charts, the settings that differ and the final metrics. */
export const CompareShow = z.object({
  /** One column per run: its legend name and a line under it (status, device, folder). */
  runs: z.array(z.object({ runId: RunId, label: z.string().max(300), detail: z.string().max(1000) })).min(1).max(MAX_COMPARED_RUNS),
  /** Per run: the per-step training loss, then each epoch's metrics and learning rate (at the epoch's step). */
  curves: z.array(MetricBatch).max(MAX_COMPARED_RUNS),
  /** Per run: label, status and markers, as the Training view takes them. */
  info: z.array(RunInfo).max(MAX_COMPARED_RUNS),
  /** Only the settings whose values differ; values are display text, one per run ('—': not set). */
  settings: z.array(z.object({ key: z.string().max(300), values: z.array(z.string().max(2000)).max(MAX_COMPARED_RUNS) })).max(10_000),
  /** Every final metric of any run; null where a run has none; `best` indexes the runs with the best value. */
  metrics: z
    .array(z.object({ key: z.string().max(100), values: z.array(real.nullable()).max(MAX_COMPARED_RUNS), better: z.enum(['min', 'max']), best: z.array(count).max(MAX_COMPARED_RUNS) }))
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

// ---- host <-> run report ---------------------------------------------------------------------

/** The most classes a confusion matrix is drawn for, and the most points of each kind sent. */
export const REPORT_LIMITS = { classes: 256, gallery: 1000, featureValues: 4_000_000, points: 5000, gridCells: 200 * 200 } as const;
const f32Max = (max: number) => f32.refine((a) => a.length <= max, `expected at most ${max} values`);
const Extent = z.tuple([real, real]);

export const ReportShow = z.object({
  run: z.object({
    dir: z.string().max(4000),
    model: z.string().max(200),
    time: z.string().max(100),
    status: z.string().max(100),
    message: z.string().max(10_000),
    device: z.string().max(100),
    epochs: count,
  }),
  /** Which split the report shows: test if the run had one, else val, else train. */
  split: z.enum(['test', 'val', 'train']),
  size: count,
  /** Things to know before trusting the numbers (the data changed since the run, ...). */
  warnings: z.array(z.string().max(2000)).max(20),
  /** The run's final metrics as recorded, and the ones recomputed on the split now. */
  recorded: Metrics,
  computed: z.object({ loss: real, metrics: Metrics }),
  inputShape: z.array(count).max(8),
  /** Class names by index; empty for a regression. */
  classNames: z.array(z.string().max(200)).max(REPORT_LIMITS.classes),
  featureNames: z.array(z.string().max(200)).max(1000),
  /** counts[t * C + p]: true class t (rows) predicted as p (columns). Null for a regression or too many classes. */
  confusion: z
    .object({
      counts: z.array(count).max(REPORT_LIMITS.classes ** 2),
      precision: z.array(real.nullable()).max(REPORT_LIMITS.classes),
      recall: z.array(real.nullable()).max(REPORT_LIMITS.classes),
      accuracy: real,
    })
    .nullable(),
  /** The most confident mistakes with their inputs: `width` values each (pixels of an image, or
   *  the first features of a table row as in the file). */
  misclassified: z
    .object({
      total: count,
      examples: z.array(z.object({ index: count, truth: count, predicted: count, confidence: real })).max(REPORT_LIMITS.gallery),
      width: count,
      values: f32Max(REPORT_LIMITS.featureValues),
    })
    .nullable(),
  /** 2-D inputs: the model over an n x n grid, row 0 at the lowest y (classes: predicted class and its probability). */
  boundary: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('classes'), n: z.number().int().min(1).max(200), x: Extent, y: Extent, predicted: f32Max(REPORT_LIMITS.gridCells), probability: f32Max(REPORT_LIMITS.gridCells) }),
      z.object({ kind: z.literal('values'), n: z.number().int().min(1).max(200), x: Extent, y: Extent, values: f32Max(REPORT_LIMITS.gridCells) }),
    ])
    .nullable(),
  /** 2-D inputs: examples to draw over the grid, [x1, y1, x2, y2, ...] with a label (class or value) each;
   *  `predicted` only for the report's split of a classifier. */
  points: z
    .object({
      train: z.object({ xy: f32Max(2 * REPORT_LIMITS.points), label: f32Max(REPORT_LIMITS.points) }),
      split: z.object({ xy: f32Max(2 * REPORT_LIMITS.points), label: f32Max(REPORT_LIMITS.points), predicted: f32Max(REPORT_LIMITS.points).nullable() }),
    })
    .nullable(),
  /** Regression: predicted against true values of the first output. */
  scatter: z.object({ predicted: f32Max(REPORT_LIMITS.points), truth: f32Max(REPORT_LIMITS.points) }).nullable(),
});
export type ReportShow = z.infer<typeof ReportShow>;

export const HostToReport = {
  requests: {},
  notifications: {
    /** Shown while the host reloads the data and runs the model; `progress` is the share of examples done. */
    loading: { payload: z.object({ title: z.string().max(300), progress: z.number().min(0).max(1).nullable() }), latestWins: true },
    show: { payload: ReportShow, latestWins: true },
    /** No report for this run: the message says why (no weights, no graph, data gone). */
    failed: { payload: z.object({ title: z.string().max(300), message: z.string().max(10_000) }), latestWins: true },
  },
} as const satisfies Direction;

export const ReportToHost = {
  requests: {},
  notifications: {
    /** The header's link: open the run's record.jsonl. */
    openRecord: { payload: z.object({}) },
    /** The loading page's Cancel button: stop running the model. */
    cancel: { payload: z.object({}) },
    /** What the page drew (its sections' ids), or the error that stopped it: for the log and the tests. */
    rendered: { payload: z.object({ state: z.enum(['shown', 'failed']), sections: z.array(z.string().max(100)).max(20), error: z.string().max(10_000).nullable() }) },
    log: LogLine,
  },
} as const satisfies Direction;
