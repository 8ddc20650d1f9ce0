// Host <-> architecture diagram.

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { LayerStatsWire, RunId } from './runs';
import { count, LogLine } from './wire';

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
        shapeLabel: z.string().max(1000).optional(),
        params: count,
        range: Range.nullable(),
        detail: z.string().max(1000).optional(),
        group: z.string().max(40).nullable(),
      }),
    )
    .max(20_000)
    .readonly(),
  edges: z
    .array(z.object({ from: z.string().max(40), to: z.string().max(40), skip: z.boolean() }))
    .max(40_000)
    .readonly(),
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
    stats: {
      payload: z.object({ run: z.object({ runId: RunId, live: z.boolean(), stats: LayerStatsWire }).nullable() }),
      latestWins: true,
    },
  },
} as const satisfies Direction;

export const DiagramToHost = {
  requests: {
    /** Export: the host asks where to save and writes the file. */
    saveSvg: {
      params: z.object({ svg: z.string().max(8_000_000) }),
      result: z.object({ saved: z.boolean(), path: z.string().max(4000).nullable() }),
    },
  },
  notifications: {
    /** A node was clicked: reveal its line in the editor. */
    reveal: { payload: z.object({ line: count, layerIndex: z.number().int().min(-1) }) },
    /** The page drew a `stats` message: how many nodes show numbers (tests read it). */
    statsShown: { payload: z.object({ runId: RunId, step: count, nodes: count }), latestWins: true },
    log: LogLine,
  },
} as const satisfies Direction;
