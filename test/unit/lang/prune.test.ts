import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';
import { trainWith } from './helpers';

const resolved = (settings: string) => {
  const a = analyze(trainWith(`loss: mse\n${settings}`));
  return { config: a.trains[0]!.configs[0]!, messages: a.diagnostics.map((d) => `${d.severity}: ${d.message}`) };
};

describe('the prune setting', () => {
  it('reads left to right: method, sparsity, scope, then by / from / to / curve', () => {
    const { config, messages } = resolved('epochs: 8\nprune: magnitude 0.75 layer by channel from 2 to 6 curve linear');
    assert.deepEqual(messages, []);
    assert.deepEqual(config.prune, { method: 'magnitude', sparsity: 0.75, scope: 'layer', by: 'channel', from: 2, to: 6, curve: 'linear' });
  });

  it('defaults: global, single weights, all at once at epoch 1, cubic; absent: no pruning', () => {
    assert.deepEqual(resolved('prune: magnitude 0.5').config.prune, {
      method: 'magnitude',
      sparsity: 0.5,
      scope: 'global',
      by: 'weight',
      from: 1,
      to: 1,
      curve: 'cubic',
    });
    assert.equal(resolved('epochs: 3').config.prune, undefined);
  });

  it('says what is wrong: a schedule that ends before it starts, past the run, a sparsity of 1', () => {
    assert.ok(resolved('prune: magnitude 0.5 from 4 to 2').messages.some((m) => /error: .*'to' \(2\) comes before 'from' \(4\)/.test(m)));
    assert.ok(resolved('epochs: 3\nprune: magnitude 0.5 to 5').messages.some((m) => /warning: .*past the run's 3 epochs/.test(m)));
    assert.ok(resolved('prune: magnitude 1').messages.some((m) => m.startsWith('error:')));
  });
});
