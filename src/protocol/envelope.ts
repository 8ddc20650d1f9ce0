// The envelope every message travels in, and the shape of a page's message tables.
// Each direction is a table of requests (with a result) and notifications (fire and forget).
// The zod schemas are both the TypeScript types and the runtime validation: whatever arrives
// from the other side is checked against them before any handler sees it. One file per page
// (trainer.ts, chart.ts, ...) declares its two directions; channel.ts carries them.

import { z } from '../engine/zod';

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
