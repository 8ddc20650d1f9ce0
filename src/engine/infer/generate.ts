// Text from a trained causal language model (`model m(tokens [T])` with a [T, V] head): the
// context is the last T ids at positions 0..k-1 (the rest padding, id 0, which every attention
// masks), the logits at position k-1 give the next id, and so on for `length` tokens. Eval mode on
// the CPU reference backend, one sample at a time; deterministic for a seed.
import type { Graph } from '../../graph/ir';
import { newRuntime } from '../backend';
import { CpuBackend } from '../backends/cpu/index';
import type { Tokenizer } from '../data/tokenizers/types';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import { Rng } from '../rng';
import type { NamedTensors } from '../train/types';
import { sampleToken, type SampleOptions } from './sample';

export interface GenerateOptions extends SampleOptions {
  /** Tokens to generate after the prompt. */
  readonly length: number;
  readonly seed: number;
  /** Text to continue; empty starts from a newline (or the first learned id when none). */
  readonly prompt: string;
}

export const GENERATE_DEFAULTS: GenerateOptions = { length: 200, temperature: 0.8, topK: 0, seed: 1, prompt: '' };

export class GenerateError extends Error {}

/** The [T] context and vocabulary V of a language model, or an error saying why it is not one. */
export function languageModelShape(graph: Graph): { T: number; V: number } {
  const T = graph.inputShape[0]!;
  const out = graph.nodes[graph.output]?.shape ?? [];
  if (graph.inputKind !== 'tokens' || graph.inputShape.length !== 1 || out.length !== 2 || out[0] !== T)
    throw new GenerateError(`model '${graph.name}' is not a language model: Generate needs tokens [T] in and [T, V] logits out`);
  return { T, V: out[1]! };
}

/** `prompt` continued by `length` sampled tokens, decoded with the run's tokenizer. */
export async function generateText(graph: Graph, weights: NamedTensors, tokenizer: Tokenizer, o: GenerateOptions): Promise<string> {
  const ids = await generateIds(graph, weights, startIds(tokenizer, o.prompt), o);
  return tokenizer.decode(ids);
}

/** The prompt's ids (a newline when empty; some learned id when it has none): where generation starts. */
export function startIds(tokenizer: Tokenizer, prompt: string): number[] {
  const ids = tokenizer.encode(prompt === '' ? '\n' : prompt);
  return ids.length > 0 && ids.some((i) => i > 1) ? ids : [tokenizer.size > 2 ? tokenizer.size - 1 : 1];
}

/** `start` followed by `o.length` sampled ids. */
export async function generateIds(graph: Graph, weights: NamedTensors, start: readonly number[], o: GenerateOptions): Promise<number[]> {
  const { T, V } = languageModelShape(graph);
  const plan = compilePlan(graph, {
    maxBatch: 1,
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
  });
  const exe = new Executable(plan, new CpuBackend());
  const rng = new Rng(o.seed);
  const ids = [...start];
  try {
    exe.writeWeights(exe.flat(weights));
    for (let step = 0; step < o.length; step++) {
      const context = ids.slice(-T);
      const x = new Float32Array(T);
      x.set(context);
      exe.writeBatch(x, new Float32Array(plan.targetLen));
      const rt = newRuntime();
      rt.n = 1;
      rt.lossSlot = plan.lossWindow;
      exe.evaluate.run(rt);
      const logits = await exe.backend.read(exe.handle(plan.evalOutput), (context.length - 1) * V, V);
      ids.push(sampleToken(logits, o, rng));
    }
    return ids;
  } finally {
    exe.backend.dispose();
  }
}
