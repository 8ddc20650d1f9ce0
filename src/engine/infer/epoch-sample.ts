// The text a language model writes after each epoch (the train block's `samples:`): a short draw
// with the epoch's weights on the CPU reference backend, whichever backend trains, so the samples
// of a run are the same on every device and machine. The prompt is the first token of the first
// held-out example; the draws come from the run's seed (one stream per epoch, fixed by the seed).
import type { Graph } from '../../graph/ir';
import { SAMPLE_DEFAULTS, type TrainConfig } from '../../graph/train-config';
import type { Dataset } from '../data/dataset';
import type { SampleRecord } from '../io/run-record';
import { deriveSeed } from '../rng';
import type { NamedTensors } from '../train/types';
import { generateIds, GenerateError, languageModelShape } from './generate';

export type EpochSampler = (weights: NamedTensors, epoch: number, step: number) => Promise<SampleRecord>;

/** The sampler of a language model's run; null for other models or `samples: 0`. */
export function epochSampler(graph: Graph, config: TrainConfig, prompt: Dataset): EpochSampler | null {
  const spec = config.samples ?? SAMPLE_DEFAULTS;
  if (spec.length <= 0 || prompt.size === 0 || !isLanguageModel(graph, config)) return null;
  const start = [Math.max(0, Math.floor(prompt.x[0]!))];
  return async (weights, epoch, step) => {
    const seed = deriveSeed(config.seed, `sample ${epoch}`);
    const ids = await generateIds(graph, weights, start, { length: spec.length, temperature: spec.temperature, topK: 0, seed, prompt: '' });
    return { epoch, step, ids, temperature: spec.temperature, seed: config.seed };
  };
}

/** Tokens in, [T, V] logits out, and every attention causal: a model that can continue a text. */
function isLanguageModel(graph: Graph, config: TrainConfig): boolean {
  if (config.loss.kind !== 'cross_entropy' || graph.nodes.some((n) => n.op.kind === 'attn_scores' && !n.op.causal)) return false;
  try {
    languageModelShape(graph);
    return true;
  } catch (e) {
    if (e instanceof GenerateError) return false;
    throw e;
  }
}
