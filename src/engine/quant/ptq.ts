// Post-training int8 of a trained model, end to end and platform-neutral: the quantized graph,
// its grids calibrated on the training split, and the float and int8 models scored on the test
// split (else the validation split) by the engine's simulation.

import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import type { Splits } from '../data/dataset';
import { checkCompatible } from '../train/compat';
import type { NamedTensors } from '../train/types';
import { calibrate, type CalibrationSpec } from './calibrate';
import { quantizeGraph, type QuantGraph } from './graph';
import { scoreModel, type Scores } from './simulate';

export interface PtqResult {
  readonly quant: QuantGraph;
  /** The float weights and every grid. */
  readonly weights: NamedTensors;
  /** Which split scored them ('test' or 'val'), and the scores; null: the data has neither. */
  readonly split: 'test' | 'val' | null;
  readonly float: Scores | null;
  readonly int8: Scores | null;
}

export async function postTraining(
  graph: Graph,
  weights: NamedTensors,
  splits: Splits,
  config: TrainConfig,
  spec: CalibrationSpec,
): Promise<PtqResult> {
  const { oneHot } = checkCompatible(graph, config, splits.train);
  const quant = quantizeGraph(graph);
  const qweights = await calibrate(quant, graph, weights, splits.train, config, spec, oneHot);
  const [split, ds] = splits.test?.size
    ? (['test', splits.test] as const)
    : splits.val?.size
      ? (['val', splits.val] as const)
      : [null, null];
  if (!ds) return { quant, weights: qweights, split: null, float: null, int8: null };
  const float = await scoreModel(graph, weights, ds, config, oneHot);
  const int8 = await scoreModel(quant.graph, qweights, ds, config, oneHot);
  return { quant, weights: qweights, split, float, int8 };
}
