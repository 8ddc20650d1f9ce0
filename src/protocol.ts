// Every message between the extension host and the webviews, in one place.
// Each direction is a table of requests (with a result) and notifications (fire and forget).
// The zod schemas are both the TypeScript types and the runtime validation: whatever arrives
// from the other side is checked against them before any handler sees it.
// The generic Channel that carries these lives in src/channel.ts.

import { z } from 'zod';

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
    .max(10_000),
});
export type MetricBatch = z.infer<typeof MetricBatch>;

export const TrainTarget = z.object({
  file: z.string().max(4096), // workspace-relative path, for display
  model: z.string().max(200),
});
export type TrainTarget = z.infer<typeof TrainTarget>;

const Empty = z.object({}).strict();

// ---- host <-> trainer panel ------------------------------------------------------------------

export const HostToTrainer = {
  requests: {
    /** Ask the trainer which device it can use (WebGPU adapter or the CPU, and why). */
    probeCompute: { params: z.object({ preference: DevicePreference }), result: ComputeInfo },
  },
  notifications: {
    /** What the panel is for: shown in its header. */
    target: { payload: TrainTarget, latestWins: true },
  },
} as const satisfies Direction;

/** A line for the Model Lab output channel. */
const LogLine = { payload: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) }) };

export const TrainerToHost = {
  requests: {},
  notifications: {
    metrics: { payload: MetricBatch },
    log: LogLine,
  },
} as const satisfies Direction;

// ---- host <-> training view (charts, in the panel area) --------------------------------------

export const HostToChart = {
  requests: {},
  notifications: {
    /** The device line shown above the charts. */
    compute: { payload: ComputeInfo, latestWins: true },
    /** New metric points; the view appends them. While the view is hidden only the newest batch is
     *  kept: a rebuilt view asks for the whole `history` anyway, so nothing is lost and nothing piles up. */
    metrics: { payload: MetricBatch, latestWins: true },
  },
} as const satisfies Direction;

export const ChartToHost = {
  requests: {
    /** The view asks for everything recorded so far, e.g. after it was hidden and rebuilt. */
    history: { params: Empty, result: z.array(MetricBatch) },
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
