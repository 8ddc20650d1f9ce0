// The addition generator (synthetic(addition, digits N)): every example decoded back to its sum,
// only the answer counted, and what the language makes of it (a token input [3N + 2], 14 ids).
import { strict as assert } from 'node:assert';
import { generate } from '../../../src/engine/data/synthetic';
import { additionText } from '../../../src/engine/data/synthetic-addition';
import { describe as describeData } from '../../../src/engine/data/stats';
import { IGNORE_INDEX } from '../../../src/engine/kernels/codes';
import { errorsOf, warningsOf } from '../lang/helpers';

describe('data: synthetic(addition)', () => {
  const params = { generator: 'addition', size: 400, noise: 0, classes: 14, features: 1, seed: 2 } as const;

  for (const digits of [1, 3, 4]) {
    it(`digits ${digits}: "a+b=" then the sum reversed, targets only at the sum's digits, pairs distinct`, () => {
      const d = generate({ ...params, digits });
      const T = 3 * digits + 2;
      const n = Math.min(400, 100 ** digits);
      assert.deepEqual([d.size, d.inputShape, d.targetLen, d.classes], [n, [T], T, 14]);
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) {
        const x = [...d.x.subarray(i * T, (i + 1) * T)],
          y = [...d.y.subarray(i * T, (i + 1) * T)];
        const text = x.map(additionText).join('');
        const m = new RegExp(`^(\\d{${digits}})\\+(\\d{${digits}})=(\\d{${digits}})$`).exec(text);
        assert.ok(m, `example ${i}: ${text}`);
        const sum = String(Number(m[1]) + Number(m[2])).padStart(digits + 1, '0');
        const reversed = [...sum].reverse().join('');
        assert.equal(m[3], reversed.slice(0, digits), `example ${i}: the input holds all but the sum's last digit`);
        // y[t] is the token at t + 1 where that is a digit of the sum, else ignored
        const answerAt = 2 * digits + 1;
        assert.ok(
          y.slice(0, answerAt).every((v) => v === IGNORE_INDEX),
          `example ${i}: nothing before '=' counts`,
        );
        assert.equal(y.slice(answerAt).map(additionText).join(''), reversed);
        assert.ok(!seen.has(text), `example ${i} repeats ${text}`);
        seen.add(text);
      }
      assert.deepEqual(generate({ ...params, digits }).x, d.x);
      if (digits > 1) assert.notDeepEqual(generate({ ...params, digits, seed: 3 }).x, d.x);
    });
  }

  it('the model takes tokens [3 * digits + 2] and ends in 14 logits per token; digits is a warning elsewhere', () => {
    const file = (input: string, head: number, source: string) =>
      `data d {\n  source: synthetic(${source})\n}\nmodel m(tokens ${input}) {\n  embedding 14 8\n  attention heads 2 causal\n  dense ${head}\n}\n` +
      `train m on d {\n  loss: cross_entropy\n  metrics: sequence_accuracy\n}\n`;
    assert.deepEqual(errorsOf(file('[11]', 14, 'addition')), []); // 3 digits unless said
    assert.deepEqual(errorsOf(file('[8]', 14, 'addition, digits 2')), []);
    assert.equal(errorsOf(file('[11]', 14, 'addition, digits 2'))[0], 'data d gives token windows [8] per example, but model m takes [11]');
    assert.equal(errorsOf(file('[11]', 10, 'addition')).length, 1);
    assert.deepEqual(warningsOf(`data d {\n  source: synthetic(moons, digits 2)\n}\n`), ["moons has no digits; 'digits' is ignored"]);
  });

  it("the data stats' histogram counts the sum's digits (the ignored -100 targets left out)", () => {
    const d = generate({ ...params, digits: 3 });
    const stats = describeData(null, { train: d, val: null, test: null }, null, '');
    const counted = stats.histogram.train.reduce((a, b) => a + b, 0);
    // 400 sums of two 3-digit numbers: each has 4 digits, every one a target.
    assert.equal(counted, 400 * 4);
    const digits = [...d.y].filter((v) => v !== IGNORE_INDEX);
    for (let c = 0; c < 14; c++) assert.equal(stats.histogram.train[c], digits.filter((v) => v === c).length, `class ${c}`);
  });
});
