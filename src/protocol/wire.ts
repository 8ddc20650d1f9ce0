// Payloads shared by several pages: numbers, devices, metric batches, log lines.

import { z } from '../engine/zod';

/** A count and any number (NaN and ±Infinity included), as the run record declares them. */
export { count, real } from '../engine/io/run-record';

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
  /** The CPU backend's line, once a host CPU run has started it: "CPU (WebAssembly SIMD) · 2 threads". */
  cpu: z.string().max(200).optional(),
});
export type ComputeInfo = z.infer<typeof ComputeInfo>;

/** One batch of training metrics; the trainer sends a few of these a second at most. */
export const MetricBatch = z.object({
  runId: z.string().max(200),
  points: z.array(z.object({ step: z.number().int().nonnegative(), name: z.string().max(100), value: z.number() })).max(200_000),
});
export type MetricBatch = z.infer<typeof MetricBatch>;

export const TrainTarget = z.object({
  file: z.string().max(4096), // workspace-relative path, for display
  model: z.string().max(200),
});
export type TrainTarget = z.infer<typeof TrainTarget>;

export const Empty = z.object({}).strict();

/** A page's JavaScript heap (null where the browser does not tell), for "Show Memory Use". */
export const PageMemory = z.object({ heapBytes: z.number().nonnegative().nullable() });
export type PageMemory = z.infer<typeof PageMemory>;

/** A line for the Model Lab output channel. */
export const LogLine = { payload: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) }) };
