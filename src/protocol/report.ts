// Host <-> run report.

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { f32, Metrics } from './runs';
import { count, LogLine, real } from './wire';

/** The most classes a confusion matrix is drawn for, and the most points of each kind sent. */
export const REPORT_LIMITS = {
  classes: 256,
  gallery: 1000,
  featureValues: 4_000_000,
  points: 5000,
  gridCells: 200 * 200,
  /** Attention: layers, positions, and the weights of one example (every layer and head). */
  attentionLayers: 64,
  positions: 4096,
  attentionValues: 4_000_000,
  samples: 10_000,
} as const;
const f32Max = (max: number) => f32.refine((a) => a.length <= max, `expected at most ${max} values`);
const Extent = z.tuple([real, real]);

/** One example's attention weights: maps[l] is layer l's [H, T, T] (query rows, key columns). */
export const AttentionExample = z.object({
  index: count,
  /** The example's tokens as the run's tokenizer reads them, one per position. */
  tokens: z.array(z.string().max(200)).max(REPORT_LIMITS.positions),
  maps: z.array(f32Max(REPORT_LIMITS.attentionValues)).max(REPORT_LIMITS.attentionLayers),
});
export type AttentionExample = z.infer<typeof AttentionExample>;

/** A model with attention: its layers, and the report split's first example (others on request). */
export const ReportAttention = z.object({
  layers: z
    .array(z.object({ name: z.string().max(200), heads: z.number().int().min(1).max(1024), causal: z.boolean() }))
    .min(1)
    .max(REPORT_LIMITS.attentionLayers),
  t: z.number().int().min(1).max(REPORT_LIMITS.positions),
  /** Examples on the report's split: the selector's range. */
  examples: count,
  first: AttentionExample,
});
export type ReportAttention = z.infer<typeof ReportAttention>;

/** A language model's text sampled after each epoch (the record's sample lines). */
export const ReportSample = z.object({ epoch: count, text: z.string().max(10_000), temperature: real, seed: z.number() });
export type ReportSample = z.infer<typeof ReportSample>;

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
      z.object({
        kind: z.literal('classes'),
        n: z.number().int().min(1).max(200),
        x: Extent,
        y: Extent,
        predicted: f32Max(REPORT_LIMITS.gridCells),
        probability: f32Max(REPORT_LIMITS.gridCells),
      }),
      z.object({
        kind: z.literal('values'),
        n: z.number().int().min(1).max(200),
        x: Extent,
        y: Extent,
        values: f32Max(REPORT_LIMITS.gridCells),
      }),
    ])
    .nullable(),
  /** 2-D inputs: examples to draw over the grid, [x1, y1, x2, y2, ...] with a label (class or value) each;
   *  `predicted` only for the report's split of a classifier. */
  points: z
    .object({
      train: z.object({ xy: f32Max(2 * REPORT_LIMITS.points), label: f32Max(REPORT_LIMITS.points) }),
      split: z.object({
        xy: f32Max(2 * REPORT_LIMITS.points),
        label: f32Max(REPORT_LIMITS.points),
        predicted: f32Max(REPORT_LIMITS.points).nullable(),
      }),
    })
    .nullable(),
  /** Regression: predicted against true values of the first output. */
  scatter: z.object({ predicted: f32Max(REPORT_LIMITS.points), truth: f32Max(REPORT_LIMITS.points) }).nullable(),
  /** Models with attention layers and token inputs; absent or null otherwise. */
  attention: ReportAttention.nullable().optional(),
  /** Language models: the samples written after each epoch, in epoch order (absent: none recorded). */
  samples: z.array(ReportSample).max(REPORT_LIMITS.samples).optional(),
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
  requests: {
    /** The attention selector's example: every layer's and head's weights for example `index` of the split. */
    attention: { params: z.object({ index: count }), result: AttentionExample },
  },
  notifications: {
    /** The header's link: open the run's record.jsonl. */
    openRecord: { payload: z.object({}) },
    /** The loading page's Cancel button: stop running the model. */
    cancel: { payload: z.object({}) },
    /** What the page drew (its sections' ids), or the error that stopped it: for the log and the tests. */
    rendered: {
      payload: z.object({
        state: z.enum(['shown', 'failed']),
        sections: z.array(z.string().max(100)).max(20),
        error: z.string().max(10_000).nullable(),
      }),
    },
    log: LogLine,
  },
} as const satisfies Direction;
