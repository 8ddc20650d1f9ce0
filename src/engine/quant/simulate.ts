// The int8 model simulated in the engine: the quantized graph (graph.ts) with its grids
// (calibrate.ts), evaluated in eval mode on the CPU reference backend like any model, so its
// accuracy and loss are what the int8 model scores (the QDQ ONNX file runs the same arithmetic:
// test/unit/quant). Platform-neutral (no fs).

import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import type { Backend } from '../backend';
import { CpuBackend } from '../backends/cpu';
import type { Dataset } from '../data/dataset';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import { taskFor } from '../train/metrics';
import { evaluate } from '../train/trainer';
import type { NamedTensors } from '../train/types';

export interface Scores {
  readonly loss: number;
  readonly metrics: Record<string, number>;
}

/** Loss and metrics of a model (float or quantized) with `weights` on a data set. */
export async function scoreModel(
  graph: Graph,
  weights: NamedTensors,
  ds: Dataset,
  config: Pick<TrainConfig, 'loss' | 'batch' | 'metrics'>,
  oneHot: number,
  backend: Backend = new CpuBackend(),
): Promise<Scores> {
  const plan = compilePlan(graph, {
    maxBatch: Math.max(1, Math.min(config.batch, ds.size)),
    loss: config.loss,
    optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
  });
  const exe = new Executable(plan, backend);
  try {
    exe.writeWeights(exe.flat(weights));
    return await evaluate(exe, ds, config as TrainConfig, oneHot, taskFor(ds.classes, plan, config.loss));
  } finally {
    backend.dispose();
  }
}
