// A training run on the wire: the request, its events, tensors and data sets, its markers.

import { z } from '../engine/zod';
import type { Graph } from '../graph/ir';
import type { TrainConfig } from '../graph/train-config';
import type { TrainState } from '../engine/train/checkpoint';
import { EndRecord, EpochRecord, RunStatus, StartRecord } from '../engine/io/run-record';
import { count } from './wire';

// A run's own payloads (its start, epochs, end) are the run record's schema, so what the trainer
// sends is what the host records, field for field.
export { RunStatus };

// Tensors and data sets travel as typed arrays, which postMessage carries without JSON.

export const RunId = z.string().min(1).max(200);
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
export const f32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

/** A tensor whose shape does not match its data is refused here, before anything reads it. */
export const WireTensor = z.object({ name: z.string().max(300), shape: z.array(count).max(8), data: f32 }).superRefine((t, ctx) => {
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (size !== t.data.length)
    ctx.addIssue({
      code: 'custom',
      path: ['data'],
      message: `tensor '${t.name}' of shape [${t.shape.join(', ')}] needs ${size} values, its data has ${t.data.length}`,
    });
});
export type WireTensor = z.infer<typeof WireTensor>;

export const WireDataset = z.object({
  x: f32,
  y: f32,
  inputShape: z.array(count).min(1).max(4),
  targetLen: count,
  classes: count,
});
export type WireDataset = z.infer<typeof WireDataset>;

/** A run's checkpoint (engine/train/checkpoint.ts): its counters, and its weights and optimizer
 *  buffers as tensors. The state is the engine's object, checked for its shape, trusted for content. */
export const WireCheckpoint = z.object({
  state: z.custom<TrainState>(
    (v) => isRecord(v) && typeof v.version === 'number' && typeof v.step === 'number' && typeof v.epoch === 'number',
    'expected a checkpoint state',
  ),
  weights: z.array(WireTensor),
  optimizer: z.array(WireTensor),
});
export type WireCheckpoint = z.infer<typeof WireCheckpoint>;

const GraphShape = z.custom<Graph>(
  (v) => isRecord(v) && typeof v.name === 'string' && Array.isArray(v.nodes) && Array.isArray(v.layers),
  'expected a model graph',
);

/** A distilled run's teacher: its run's graph and trained weights, found on the host. The model
 *  travels, not its soft targets: an augmented run needs the teacher on every new batch, and a
 *  teacher's weights are about the size of the cached logits (Fashion-MNIST: 60k x 10 floats). */
export const WireTeacher = z.object({ graph: GraphShape, weights: z.array(WireTensor) });
export type WireTeacher = z.infer<typeof WireTeacher>;

/** Everything the trainer page needs to train one run. Graph and config are the language's
 *  resolved objects; checked here for their shape, trusted for their content (the host made them). */
export const RunRequest = z.object({
  runId: RunId,
  graph: GraphShape,
  config: z.custom<TrainConfig>(
    (v) => isRecord(v) && typeof v.epochs === 'number' && typeof v.batch === 'number' && isRecord(v.loss),
    'expected a train config',
  ),
  data: z.object({ train: WireDataset, val: WireDataset.nullable(), test: WireDataset.nullable() }),
  shuffle: z.boolean(),
  /** Training-time augmentation of the data block; the worker seeds it from the run's seed. */
  augment: z.array(z.enum(['flip', 'crop', 'shift'])).max(3),
  init: z.array(WireTensor).nullable(),
  /** Continue a stopped or interrupted run from its checkpoint (and its best epoch's weights). */
  resume: z
    .object({ checkpoint: WireCheckpoint, best: z.array(WireTensor).nullable() })
    .nullable()
    .optional(),
  /** Set when config.distill is: the teacher the host resolved (as the CLI does). */
  teacher: WireTeacher.nullable().optional(),
});
export type RunRequest = z.infer<typeof RunRequest>;

/** A run's metrics by name, as its epochs carry them. */
export const Metrics = EpochRecord.shape.metrics;
export const WireEpoch = EpochRecord;

export const RunStarted = z.object({
  runId: RunId,
  device: z.enum(['webgpu', 'cpu']),
  deviceNote: z.string().max(1000).nullable(),
  /** The run's own start fields only: anything else the page adds is dropped, so it cannot reach the record. */
  start: StartRecord,
  initialWeights: z.array(WireTensor),
  /** Set when the run continues from a checkpoint: where it picks up (the record already has its start). */
  resumedAt: z.object({ epoch: count, step: count }).nullable().optional(),
});
export type RunStarted = z.infer<typeof RunStarted>;
export const RunEnded = z.object({
  runId: RunId,
  end: EndRecord,
  weights: z.array(WireTensor),
});
export type RunEnded = z.infer<typeof RunEnded>;
/** A checkpoint as the run goes (the host writes it into the run folder), with the best epoch's
 *  weights when they changed since the last one. */
export const RunCheckpoint = z.object({
  runId: RunId,
  reason: z.enum(['epoch', 'interval', 'stop']),
  /** Null when the message only brings the best epoch's weights (at the run's end). */
  checkpoint: WireCheckpoint.nullable(),
  best: z.object({ epoch: count, weights: z.array(WireTensor) }).nullable(),
});
export type RunCheckpoint = z.infer<typeof RunCheckpoint>;

/** Not finite travels as null: NaN and ±Infinity do not survive the JSON between page and host. */
const stat = z.number().nullable();
/** Live layer statistics of a run (engine/train/layer-stats.ts): each layer's output mean and std
 *  over a fixed probe batch in eval mode, and the L2 norms of its gradient (last step) and
 *  weights; the norms are absent for a layer without trainable parameters. */
export const LayerStatsWire = z.object({
  step: count,
  epoch: count,
  samples: count,
  layers: z
    .array(
      z.object({
        layer: count,
        mean: stat,
        std: stat,
        gradNorm: stat.optional(),
        weightNorm: stat.optional(),
        /** Pruned runs: the share of the layer's weights that are exactly 0. */
        sparsity: z.number().min(0).max(1).optional(),
      }),
    )
    .max(20_000),
});
export type LayerStatsWire = z.infer<typeof LayerStatsWire>;

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
