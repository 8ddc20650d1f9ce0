// Token ids the embedding cannot look up are a run-time error that names the example, the
// position and the fix (the kernels only clamp, to keep memory safe).
import { strict as assert } from 'node:assert';
import { Dataset } from '../../../src/engine/data/dataset';
import { CompatError, checkCompatible } from '../../../src/engine/train/compat';
import type { TrainConfig } from '../../../src/graph/train-config';
import { GraphBuilder } from '../../../src/lang/test-graph';

const graph = new GraphBuilder([3], 'tokens').layer('embedding 5 4').flatten().dense(2).build('lm');
const config = { loss: { kind: 'cross_entropy', labelSmoothing: 0 } } as TrainConfig;
const data = (ids: number[]) => new Dataset(Float32Array.from(ids), new Float32Array(ids.length / 3), [3], 1, 2);

describe('engine: token ids against the vocabulary', () => {
  it('accepts ids 0..V-1', () => {
    assert.deepEqual(checkCompatible(graph, config, data([0, 1, 4, 4, 3, 2])), { oneHot: 0 });
  });
  it('refuses an id past the vocabulary, a negative one and a fraction, naming where', () => {
    assert.throws(
      () => checkCompatible(graph, config, data([0, 1, 2, 3, 7, 1])),
      (e: Error) =>
        e instanceof CompatError &&
        e.message ===
          "example 2 holds token id 7 at position 2, but model 'lm' embeds whole ids 0..4; raise the embedding's vocabulary to 8 or more",
    );
    assert.throws(() => checkCompatible(graph, config, data([0, -1, 2])), /token id -1 at position 2/);
    assert.throws(() => checkCompatible(graph, config, data([0, 1, 2.5])), /token id 2.5 at position 3/);
  });
});
