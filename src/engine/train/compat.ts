// Checks that a model, a loss and a data set fit together before anything is compiled, with
// messages a person can act on.

import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import type { Dataset } from '../data/dataset';

export class CompatError extends Error {}

const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** oneHot > 0: targets are class indices expanded to one-hot rows of that width. */
export function checkCompatible(graph: Graph, config: TrainConfig, ds: Dataset): { oneHot: number } {
  const inLen = numel(graph.inputShape),
    outLen = numel(graph.nodes[graph.output]!.shape);
  if (inLen !== ds.inputLen) {
    throw new CompatError(
      `model '${graph.name}' takes input [${graph.inputShape.join(', ')}] (${inLen} values) but the data has ${ds.inputLen} features per example`,
    );
  }
  checkTokenIds(graph, ds);
  const loss = config.loss.kind;
  const outShape = graph.nodes[graph.output]!.shape;
  if (loss === 'cross_entropy' && outShape.length === 2) return perToken(graph, outShape, ds);
  if (loss === 'cross_entropy') {
    if (ds.classes === 0)
      throw new CompatError('cross_entropy needs class labels, but the data has numeric targets; use mse, mae or huber');
    if (outLen < ds.classes)
      throw new CompatError(
        `the data has ${ds.classes} classes but model '${graph.name}' outputs ${outLen} values; end the model with dense ${ds.classes}`,
      );
    return { oneHot: 0 };
  }
  if (loss === 'binary_cross_entropy') {
    if (ds.classes > 2) throw new CompatError(`binary_cross_entropy needs two classes, the data has ${ds.classes}; use cross_entropy`);
    if (ds.targetLen !== outLen)
      throw new CompatError(
        `binary_cross_entropy compares ${outLen} outputs with ${ds.targetLen} targets per example; end the model with dense ${ds.targetLen}`,
      );
    return { oneHot: 0 };
  }
  if (ds.targetLen === outLen) return { oneHot: 0 };
  if (ds.classes > 0 && outLen === ds.classes) return { oneHot: ds.classes };
  throw new CompatError(`${loss} compares ${outLen} outputs with ${ds.targetLen} targets per example`);
}

/** A [T, V] output under cross-entropy: a target per token (IGNORE_INDEX at padding), V >= classes. */
function perToken(graph: Graph, [T, V]: readonly number[], ds: Dataset): { oneHot: number } {
  if (ds.classes === 0) throw new CompatError('per-token cross_entropy needs token ids as targets, but the data has numeric targets');
  if (ds.targetLen !== T)
    throw new CompatError(`model '${graph.name}' predicts ${T} tokens per example but the data has ${ds.targetLen} targets per example`);
  if (V! < ds.classes)
    throw new CompatError(
      `the data has ${ds.classes} classes but model '${graph.name}' outputs ${V} logits per token; end it with dense ${ds.classes}`,
    );
  return { oneHot: 0 };
}

/** A token model's data holds whole ids below the embedding's vocabulary (the kernels clamp, so
 *  an id out of range would silently read another token's row). */
export function checkTokenIds(graph: Graph, ds: Dataset): void {
  if (graph.inputKind !== 'tokens') return;
  const emb = graph.nodes.find((n) => n.op.kind === 'embedding');
  const vocab = emb ? graph.nodes[emb.inputs[1]!]!.shape[0]! : 0;
  for (let i = 0; i < ds.x.length; i++) {
    const id = ds.x[i]!;
    if (Number.isInteger(id) && id >= 0 && id < vocab) continue;
    const where = `example ${Math.floor(i / ds.inputLen) + 1} holds token id ${id} at position ${(i % ds.inputLen) + 1}`;
    const fix = Number.isInteger(id) && id >= vocab ? `; raise the embedding's vocabulary to ${id + 1} or more` : '';
    throw new CompatError(`${where}, but model '${graph.name}' embeds whole ids 0..${vocab - 1}${fix}`);
  }
}

/** Initial weights (--init-from) that do not fit the model's parameters: missing, extra or of another shape. */
export class InitWeightsError extends Error {}

const dims = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Every parameter present with its exact shape (not only its element count, so PyTorch's [out, in]
 * dense weight is not loaded silently as our [in, out]), and no tensor the model does not have.
 * All problems are named at once, so one look at the message fixes the file.
 */
export function checkInitWeights(
  params: readonly { name: string; shape: readonly number[] }[],
  init: ReadonlyMap<string, { shape: readonly number[] }>,
): void {
  const problems: string[] = [];
  for (const p of params) {
    const t = init.get(p.name);
    if (!t) {
      problems.push(`${p.name}: missing from the file (the model needs ${dims(p.shape)})`);
      continue;
    }
    if (t.shape.length === p.shape.length && t.shape.every((d, i) => d === p.shape[i])) continue;
    const reversed = t.shape.length === 2 && p.shape.length === 2 && t.shape[0] === p.shape[1] && t.shape[1] === p.shape[0];
    problems.push(
      `${p.name}: file has ${dims(t.shape)}, model needs ${dims(p.shape)}${reversed ? ' — a PyTorch [out, in] layout? transpose it' : ''}`,
    );
  }
  const known = new Set(params.map((p) => p.name));
  const extra = [...init.keys()].filter((n) => !known.has(n)).sort();
  if (extra.length > 0) problems.push(`the file has tensors the model does not: ${extra.join(', ')}`);
  if (problems.length > 0) throw new InitWeightsError(`the initial weights do not fit the model: ${problems.join('; ')}`);
}
