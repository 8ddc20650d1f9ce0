// Host <-> data preview.

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { LogLine } from './wire';

/** A data block as the preview page draws it: first rows or images, histogram, statistics, splits. */
export const DataPreview = z.object({
  name: z.string().max(200),
  kind: z.enum(['table', 'images', 'synthetic', 'text', 'series']),
  inputShape: z.array(z.number().int()).max(8),
  /** Class names by index; empty for a regression. */
  classes: z.array(z.string().max(200)).max(10_000),
  sizes: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
  /** Training examples per class. */
  histogram: z.array(z.number().int()).max(10_000),
  features: z
    .array(z.object({ name: z.string().max(200), mean: z.number(), std: z.number(), min: z.number(), max: z.number() }))
    .max(100_000),
  contentHash: z.string().max(64),
  notes: z.array(z.string().max(1000)).max(100),
  table: z.object({ columns: z.array(z.string().max(200)), rows: z.array(z.array(z.string().max(200))).max(100) }).nullable(),
  /** The first images: bytes [count, channels, height, width], base64; one label each. */
  images: z
    .object({
      channels: z.number().int().min(1).max(4),
      height: z.number().int().min(1).max(512),
      width: z.number().int().min(1).max(512),
      pixels: z.string().max(20_000_000),
      labels: z.array(z.string().max(200)).max(1000),
    })
    .nullable(),
  /** Text sources: the vocabulary and the first examples decoded back to text. */
  text: z
    .object({
      tokenizer: z.string().max(20),
      vocabSize: z.number().int(),
      top: z.array(z.object({ token: z.string().max(200), count: z.number() })).max(100),
      examples: z.array(z.object({ text: z.string().max(10_000), target: z.string().max(10_000) })).max(20),
    })
    .nullable()
    .optional(),
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
