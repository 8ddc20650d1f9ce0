// Host <-> ONNX viewer (the custom read-only editor of .onnx files).

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { DiagramData } from './diagram';
import { count, LogLine } from './wire';

/** Dimensions: numbers, symbolic names ('batch'), '?' where the file leaves one open. */
const Dims = z.array(z.union([z.number().int(), z.string().max(200)])).max(16);
const Tensor = z.object({ name: z.string().max(1000), shape: Dims, elemType: z.number().int() });
const Named = z.object({ name: z.string().max(1000), opType: z.string().max(200), domain: z.string().max(200) });

/** What the table shows: src/export/onnx/summary.ts's OnnxSummary, as wire data. */
export const OnnxSummaryWire = z.object({
  graphName: z.string().max(1000),
  producer: z.string().max(1000),
  irVersion: z.number().int(),
  opsets: z.array(z.object({ domain: z.string().max(200), version: z.number().int() })).max(100),
  inputs: z.array(Tensor).max(10_000),
  outputs: z.array(Tensor).max(10_000),
  operators: z.array(z.object({ opType: z.string().max(200), count })).max(10_000),
  initializers: z
    .array(z.object({ name: z.string().max(1000), dims: z.array(count).max(16), dataType: z.number().int(), count, bytes: count }))
    .max(100_000),
  params: count,
  paramBytes: count,
  /** Nodes whose operator the viewer does not know (outside ONNX's standard set, or in another domain). */
  unknownNodes: z.array(Named).max(100_000),
});
export type OnnxSummaryWire = z.infer<typeof OnnxSummaryWire>;

export const OnnxShow = z.object({
  file: z.string().max(1000),
  /** Null when the file could not be read as an ONNX model (then `problem` says why). */
  summary: OnnxSummaryWire.nullable(),
  diagram: DiagramData.nullable(),
  problem: z.string().max(10_000).nullable(),
});
export type OnnxShow = z.infer<typeof OnnxShow>;

export const HostToOnnx = {
  requests: {},
  notifications: {
    /** The whole file, read again when it changes on disk. */
    show: { payload: OnnxShow, latestWins: true },
  },
} as const satisfies Direction;

export const OnnxToHost = {
  requests: {},
  notifications: {
    /** The page drew a `show`: how many diagram nodes and operator rows (the command's result, tests read it). */
    shown: { payload: z.object({ nodes: count, operators: count, unknown: count }), latestWins: true },
    log: LogLine,
  },
} as const satisfies Direction;
