// The adding problem generator (synthetic(adding, steps N)): its definition, checked example by
// example, and what the language makes of it (input shape against the model's).
import { strict as assert } from 'node:assert';
import { generate } from '../../../src/engine/data/synthetic';
import { errorsOf, warningsOf } from '../lang/helpers';

describe('data: synthetic(adding)', () => {
  const params = { generator: 'adding', size: 300, noise: 0.1, classes: 0, features: 2, seed: 4, targets: 1 } as const;

  for (const steps of [2, 7, 20]) {
    it(`steps ${steps}: [steps, 2], one marker in each half, the target their values' sum`, () => {
      const d = generate({ ...params, steps });
      assert.deepEqual(d.inputShape, [steps, 2]);
      assert.equal(d.targetLen, 1);
      assert.equal(d.classes, 0);
      const half = Math.floor(steps / 2);
      for (let i = 0; i < 300; i++) {
        const row = d.x.subarray(i * steps * 2, (i + 1) * steps * 2);
        const marked = [...Array(steps).keys()].filter((t) => row[2 * t + 1] === 1);
        assert.equal(marked.length, 2, `example ${i}: two markers`);
        assert.ok(marked[0]! < half && marked[1]! >= half, `example ${i}: markers ${marked.join(',')} in both halves`);
        for (let t = 0; t < steps; t++) assert.ok(row[2 * t]! >= 0 && row[2 * t]! < 1 && [0, 1].includes(row[2 * t + 1]!));
        assert.ok(Math.abs(d.y[i]! - (row[2 * marked[0]!]! + row[2 * marked[1]!]!)) < 1e-6);
      }
      // seeded: the same settings give the same data, another seed other data
      assert.deepEqual(generate({ ...params, steps }).x, d.x);
      assert.notDeepEqual(generate({ ...params, steps, seed: 5 }).x, d.x);
    });
  }

  it('the model must take [steps, 2]; steps is a warning on the other generators', () => {
    const file = (input: string, source: string) =>
      `data d {\n  source: synthetic(${source})\n}\nmodel m(input ${input}) {\n  lstm 4 return last\n  dense 1\n}\ntrain m on d {\n  loss: mse\n}\n`;
    assert.deepEqual(errorsOf(file('[12, 2]', 'adding, steps 12')), []);
    assert.deepEqual(errorsOf(file('[50, 2]', 'adding')), []); // 50 steps unless said
    assert.deepEqual(errorsOf(file('[10, 2]', 'adding, steps 12')), [
      'data d gives windows [12, 2] per example, but model m takes [10, 2]',
    ]);
    assert.deepEqual(warningsOf(`data d {\n  source: synthetic(sine, steps 5)\n}\n`), ["sine is not a sequence; 'steps' is ignored"]);
  });
});
