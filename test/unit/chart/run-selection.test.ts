import { strict as assert } from 'node:assert';
import { selectRuns } from '../../../webview/chart/run-selection';

describe('chart: which runs are drawn', () => {
  const known = ['long-other-model', 'sweep-1', 'sweep-2', 'sweep-3'];

  it("draws the latest click's runs (a sweep together), earlier ones only when asked", () => {
    assert.deepEqual(selectRuns(known, ['sweep-1', 'sweep-2', 'sweep-3'], false), { shown: ['sweep-1', 'sweep-2', 'sweep-3'], earlier: 1 });
    assert.deepEqual(selectRuns(known, ['sweep-1', 'sweep-2', 'sweep-3'], true), {
      shown: ['sweep-1', 'sweep-2', 'sweep-3', 'long-other-model'],
      earlier: 1,
    });
  });

  it('puts the current run first and the earlier runs newest first', () => {
    assert.deepEqual(selectRuns(['a', 'b', 'c'], ['c'], true).shown, ['c', 'b', 'a']);
  });

  it('between a click and its first point no earlier curve is drawn, unless asked', () => {
    assert.deepEqual(selectRuns(['a', 'b'], [], false), { shown: [], earlier: 2 });
    assert.deepEqual(selectRuns(['a', 'b'], ['c'], false), { shown: [], earlier: 2 });
    assert.deepEqual(selectRuns(['a', 'b'], ['c'], true), { shown: ['b', 'a'], earlier: 2 });
  });

  it('a current run without points yet is left out until it has some', () => {
    assert.deepEqual(selectRuns(['a', 'b'], ['b', 'c'], false), { shown: ['b'], earlier: 1 });
  });
});
