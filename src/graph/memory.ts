// Training memory estimate: what one training step keeps alive, in f32 bytes.
//   weights      every parameter, trainable or not (batchnorm running stats included)
//   gradients    one per trainable parameter
//   optimizer    per trainable parameter: SGD with momentum 1 buffer, Adam/AdamW 2 (m, v; +1
//                with amsgrad), RMSprop 1 (+1 with momentum, +1 centered), Adagrad 1
//   activations  the outputs of every op, for backward, times the batch size, plus the input batch
// An upper bound for a planner that reuses buffers; close to what a naive framework allocates.
import type { Graph } from './ir';
import type { OptimizerSpec } from './train-config';
import { numel } from './shapes';

export interface MemoryEstimate {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizerState: number;
  readonly activations: number;
  readonly total: number;
  readonly batch: number;
  /** The largest single buffer: the flat parameter buffer, or one op's output for the whole batch. */
  readonly largestBuffer: number;
}

const F32 = 4;

export function optimizerStateSlots(optimizer: OptimizerSpec): number {
  switch (optimizer.kind) {
    case 'sgd':
      return optimizer.momentum > 0 ? 1 : 0;
    case 'adam':
    case 'adamw':
      return optimizer.amsgrad ? 3 : 2;
    case 'rmsprop':
      return 1 + (optimizer.momentum > 0 ? 1 : 0) + (optimizer.centered ? 1 : 0);
    case 'adagrad':
      return 1;
  }
}

export function estimateTrainingMemory(graph: Graph, optimizer: OptimizerSpec, batch: number): MemoryEstimate {
  const trainable = graph.totals.params;
  const weights = F32 * (trainable + graph.totals.nonTrainable);
  const gradients = F32 * trainable;
  const optimizerState = F32 * trainable * optimizerStateSlots(optimizer);
  const activations = batch * (graph.totals.activationBytes + F32 * numel(graph.inputShape));
  let largestOutput = numel(graph.inputShape);
  for (const node of graph.nodes) if (node.op.kind !== 'param') largestOutput = Math.max(largestOutput, numel(node.shape));
  const largestBuffer = F32 * Math.max(trainable, graph.totals.nonTrainable, batch * largestOutput);
  return {
    weights,
    gradients,
    optimizerState,
    activations,
    total: weights + gradients + optimizerState + activations,
    batch,
    largestBuffer,
  };
}

/** 1536 -> "1.5 KiB". Never "Infinity": past the last unit the figure goes exponential. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than 10^308 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (value >= 1024) return `${value.toExponential(2)} ${units[unit]}`;
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${units[unit]}`;
}
