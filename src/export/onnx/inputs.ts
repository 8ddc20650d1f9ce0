// The batch an export is checked on: the model's own validation inputs (the val split of its train
// block's data, else its test or train split), or generated inputs of the right shape when the
// data cannot be read (a moved file, a model without a train block). Node only (it reads files).
import type { DataSpec } from '../../graph/data-spec';
import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import { loadData, targetKindFor } from '../../engine/data/load';
import { locationOf, nodeDataHost } from '../../engine/data/node-host';
import { Rng } from '../../engine/rng';
import { vocabularyOf } from './verify';

export const CHECK_BATCH = 16;

export interface CheckInputs {
  readonly x: Float32Array;
  readonly n: number;
  /** Where they came from, for the report: 'the val split of fashion' or 'generated (why)'. */
  readonly source: string;
}

export interface DataContext {
  readonly data: DataSpec;
  readonly config: Pick<TrainConfig, 'seed' | 'loss'>;
  /** The experiment file the data paths are relative to. */
  readonly file: string;
}

export async function checkInputs(graph: Graph, from: DataContext | null, batch = CHECK_BATCH): Promise<CheckInputs> {
  if (!from) return generated(graph, batch, 'no train block names its data');
  try {
    const { splits } = await loadData(from.data, from.config.seed, {
      host: nodeDataHost,
      location: locationOf(from.file),
      inputShape: graph.inputShape,
      targetKind: targetKindFor(from.config.loss),
    });
    const [name, ds] = splits.val?.size ? ['val', splits.val] : splits.test?.size ? ['test', splits.test] : ['train', splits.train];
    const n = Math.min(batch, ds.size);
    const len = graph.inputShape.reduce((a, d) => a * d, 1);
    if (n === 0 || ds.x.length / ds.size !== len) return generated(graph, batch, `data ${from.data.name} does not fit the model's input`);
    return { x: ds.x.slice(0, n * len), n, source: `the ${name} split of data ${from.data.name}` };
  } catch (e) {
    return generated(graph, batch, `data ${from.data.name} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Standard normal values, seeded: the same check every time; for a token model, ids in [0, V). */
function generated(graph: Graph, n: number, why: string): CheckInputs {
  const len = graph.inputShape.reduce((a, d) => a * d, 1);
  const rng = new Rng(0x0ecc);
  const V = vocabularyOf(graph);
  const draw = graph.inputKind === 'tokens' ? () => Math.min(V - 1, Math.floor(rng.uniform() * V)) : () => rng.normal();
  const x = new Float32Array(n * len).map(draw);
  return { x, n, source: `generated inputs (${why})` };
}
