// Every sample checks clean, and the classic examples have the sizes their sources give.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/lang/analyze';
import { formatText } from '../../../src/lang/format';
import { describe1 } from './helpers';

const SAMPLES = join(__dirname, '../../../samples');
const load = (name: string) => analyze(readFileSync(join(SAMPLES, name), 'utf8'));

describe('samples', () => {
  const names = readdirSync(SAMPLES).filter((f) => f.endsWith('.mlab'));
  for (const name of names) {
    it(`${name} checks clean, is formatted, and every train block resolves`, () => {
      const text = readFileSync(join(SAMPLES, name), 'utf8');
      const analysis = analyze(text);
      assert.deepEqual(analysis.diagnostics.map(describe1), []);
      assert.equal(formatText(text), text);
      assert.ok(analysis.models.every((m) => m.graph !== null));
      assert.ok(analysis.trains.length > 0 && analysis.trains.every((t) => t.configs.length > 0));
    });
  }

  it('has the classic examples', () => {
    for (const name of ['regression.mlab', 'moons.mlab', 'fashion-mlp.mlab', 'cnn.mlab', 'binary.mlab', 'xor.mlab', 'spiral.mlab'])
      assert.ok(names.includes(name), name);
  });

  it('recurrent: an rnn, a gru and an lstm of 32 units on the adding problem, each with its train block', () => {
    const a = load('recurrent.mlab');
    assert.deepEqual(
      a.models.map((m) => [m.graph?.inputShape, m.graph?.layers.map((l) => l.kind)]),
      [
        [
          [20, 2],
          ['rnn', 'dense'],
        ],
        [
          [20, 2],
          ['gru', 'dense'],
        ],
        [
          [20, 2],
          ['lstm', 'dense'],
        ],
      ],
    );
    assert.deepEqual(
      a.models.map((m) => m.graph?.totals.params),
      [32 * (2 + 32 + 2) + 33, 3 * 32 * (2 + 32 + 2) + 33, 4 * 32 * (2 + 32 + 2) + 33],
    );
    assert.equal(a.trains.length, 3);
  });

  it('regression: a 3-4-2 MLP with mse and sgd, swept over three learning rates', () => {
    const a = load('regression.mlab');
    const g = a.models[0].graph;
    assert.deepEqual([g?.inputShape, g?.layers.map((l) => l.outputShape)], [[3], [[4], [2]]]);
    assert.equal(g?.totals.params, 3 * 4 + 4 + 4 * 2 + 2);
    assert.deepEqual(
      a.trains[0].configs.map((c) => [c.loss.kind, c.optimizer.kind, c.optimizer.lr]),
      [
        ['mse', 'sgd', 0.1],
        ['mse', 'sgd', 0.05],
        ['mse', 'sgd', 0.01],
      ],
    );
  });

  it('fashion-mlp: 784-512-256-10 has 535,818 parameters', () => {
    assert.equal(load('fashion-mlp.mlab').models[0].graph?.totals.params, 535_818);
  });

  it('fashion-compress: the 535,818 MLP, pruned to 50%, and a student of at most a quarter with its plain twin (same data, seed, epochs, schedule)', () => {
    const a = load('fashion-compress.mlab');
    const params = (m: string) => a.models.find((x) => x.name === m)!.graph!.totals.params;
    const config = (m: string) => a.trains.find((t) => t.model === m)!.configs[0]!;
    assert.equal(params('mlp'), 535_818);
    assert.equal(params('mlp_pruned'), 535_818);
    assert.ok(params('student') * 4 <= params('mlp'), `${params('student')}`);
    assert.equal(params('student_plain'), params('student'));
    assert.ok(config('mlp_pruned').prune!.sparsity >= 0.5);
    assert.equal(config('student').distill?.teacher, 'mlp');
    assert.equal(config('student_plain').distill, undefined);
    for (const k of ['seed', 'epochs', 'batch', 'data'] as const) assert.equal(config('student')[k], config('student_plain')[k]);
    assert.deepEqual(config('student').schedule, config('student_plain').schedule);
    assert.deepEqual(config('student').optimizer, config('student_plain').optimizer);
  });

  it('cnn: conv 32, conv 64, pooling, dense 128, dense 10 on 3×32×32', () => {
    const g = load('cnn.mlab').models[0].graph;
    assert.deepEqual(g?.inputShape, [3, 32, 32]);
    assert.deepEqual(
      g?.layers.map((l) => l.params),
      [896, 0, 18_496, 0, 0, 524_416, 0, 1_290],
    );
  });

  it('binary: 64-64-1 ending in sigmoid with adam and binary cross-entropy', () => {
    const a = load('binary.mlab');
    assert.deepEqual(
      a.models[0].graph?.layers.map((l) => l.outputShape),
      [[64], [64], [1]],
    );
    assert.deepEqual([a.trains[0].configs[0].loss.kind, a.trains[0].configs[0].optimizer.kind], ['binary_cross_entropy', 'adam']);
  });
});
