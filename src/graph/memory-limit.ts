// Does a training run fit the device? A pure comparison of the training-memory estimate
// (memory.ts) with what the device can give, shared by the CLI and the editor's run start so both
// refuse the same runs with the same words, before anything is allocated.
//   CPU     all buffers of a run together at most min(half of the machine's memory, 8 GiB);
//           one buffer at most 2^32 f32 elements (the typed-array length limit of Node and V8)
//   WebGPU  one buffer at most the adapter's maxBufferSize and maxStorageBufferBindingSize (every
//           buffer is bound as storage); the API does not say how much memory there is in all
import type { Graph } from './ir';
import type { OptimizerSpec } from './train-config';
import { estimateTrainingMemory, formatBytes, type MemoryEstimate } from './memory';

const GiB = 2 ** 30;
/** The most a CPU run may allocate in all, whatever the machine. */
export const CPU_MAX_TOTAL_BYTES = 8 * GiB;
/** Float32Array's length limit (V8 on 64-bit), in elements. */
export const TYPED_ARRAY_MAX_ELEMENTS = 2 ** 32;

export interface MemoryLimits {
  /** Bytes all buffers of a run may take together; null where the device does not say. */
  readonly totalBytes: number | null;
  /** Bytes one buffer may take. */
  readonly bufferBytes: number;
  /** Where the figures come from, for the message. */
  readonly source: string;
}

export function cpuMemoryLimits(machineBytes: number): MemoryLimits {
  const totalBytes = Math.min(machineBytes / 2, CPU_MAX_TOTAL_BYTES);
  return {
    totalBytes,
    bufferBytes: Math.min(totalBytes, 4 * TYPED_ARRAY_MAX_ELEMENTS),
    source: `CPU: half of ${formatBytes(machineBytes)} of memory, at most ${formatBytes(CPU_MAX_TOTAL_BYTES)}`,
  };
}

export function webgpuMemoryLimits(limits: { readonly maxBufferSize: number; readonly maxStorageBufferBindingSize: number }): MemoryLimits {
  const bufferBytes = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  const which = limits.maxBufferSize <= limits.maxStorageBufferBindingSize ? 'maxBufferSize' : 'maxStorageBufferBindingSize';
  return { totalBytes: null, bufferBytes, source: `WebGPU adapter's ${which}` };
}

/** The limits of the device a run goes to: the GPU's when it trains on WebGPU, the machine's on the CPU. */
export function memoryLimitsFor(
  device: 'cpu' | 'webgpu',
  gpu: Parameters<typeof webgpuMemoryLimits>[0] | null,
  machineBytes: number,
): MemoryLimits {
  return device === 'webgpu' && gpu ? webgpuMemoryLimits(gpu) : cpuMemoryLimits(machineBytes);
}

/** The first refusal among runs (a sweep's), or null when each fits: what the editor checks before a run starts. */
export function firstMemoryRefusal(
  runs: readonly { readonly graph: Graph; readonly config: { readonly optimizer: OptimizerSpec; readonly batch: number } }[],
  limits: MemoryLimits,
): string | null {
  for (const run of runs) {
    const { refusal } = checkTrainingMemory(run.graph, run.config, limits);
    if (refusal) return refusal;
  }
  return null;
}

export interface MemoryVerdict {
  readonly estimate: MemoryEstimate;
  /** Null when the run fits; otherwise the sentence to show, with the figures. */
  readonly refusal: string | null;
}

/** "training mlp at batch 64 needs 4.3 GiB, limit 2 GiB (CPU: ...): lower batch or width", or null when it fits. */
export function checkTrainingMemory(
  graph: Graph,
  config: { readonly optimizer: OptimizerSpec; readonly batch: number },
  limits: MemoryLimits,
): MemoryVerdict {
  const estimate = estimateTrainingMemory(graph, config.optimizer, config.batch);
  const what = `training ${graph.name} at batch ${config.batch}`;
  const advice = 'lower batch or width';
  if (limits.totalBytes !== null && !(estimate.total <= limits.totalBytes)) {
    const parts =
      `weights ${formatBytes(estimate.weights)}, gradients ${formatBytes(estimate.gradients)}, ` +
      `optimizer ${formatBytes(estimate.optimizerState)}, activations ${formatBytes(estimate.activations)}`;
    return {
      estimate,
      refusal: `${what} needs ${formatBytes(estimate.total)} (${parts}), limit ${formatBytes(limits.totalBytes)} (${limits.source}): ${advice}`,
    };
  }
  if (!(estimate.largestBuffer <= limits.bufferBytes)) {
    return {
      estimate,
      refusal:
        `${what} needs one buffer of ${formatBytes(estimate.largestBuffer)}, ` +
        `limit ${formatBytes(limits.bufferBytes)} per buffer (${limits.source}): ${advice}`,
    };
  }
  return { estimate, refusal: null };
}

/** An allocation that failed anyway (a typed array too long, a WebGPU out-of-memory): a sentence, not a stack. */
export function allocationFailureMessage(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const tooLong = error instanceof RangeError && /typed array length|Array buffer allocation failed|allocation failed/i.test(error.message);
  const gpuOom = /out of memory|OutOfMemory|exceeds this device's max/i.test(error.message) || error.name === 'GPUOutOfMemoryError';
  if (!tooLong && !gpuOom) return null;
  return `the device could not allocate the run's buffers (${error.message}): lower batch or width`;
}
