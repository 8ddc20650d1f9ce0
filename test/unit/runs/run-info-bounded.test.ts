// RunInfoTracker keeps bounded state over any number of epochs, and still finds the best epoch's
// step and a schedule's plateau changes.
import * as assert from 'node:assert/strict';
import { RunInfoTracker } from '../../../src/extension/runs/run-info';

describe('RunInfoTracker over a long run', () => {
  it('finds the best step of an early epoch after 300,000 epochs, with bounded state', () => {
    const t = new RunInfoTracker('r', 'm');
    for (let e = 1; e <= 300_000; e++) t.epoch(e, e * 4, e <= 10 ? 0.1 : 0.01);
    t.ended('early_stopped', 7, 1_200_000, 'early stop');
    const info = t.info();
    assert.equal(info.bestStep, 28);
    assert.deepEqual(
      info.events.filter((m) => m.kind === 'lr').map((m) => m.step),
      [40],
    );
    const inner = t as unknown as { epochSteps: Map<number, number>; lrs: number[] };
    assert.ok(inner.epochSteps.size <= 1000 && inner.lrs.length <= 2);
  });

  it('epochs of different lengths: recent ones still known', () => {
    const t = new RunInfoTracker('r', 'm');
    let step = 0;
    for (let e = 1; e <= 5000; e++) t.epoch(e, (step += e % 2 ? 3 : 4), 0.1);
    t.ended('completed', 4990, step, '');
    const expected = Array.from({ length: 4990 }, (_, i) => ((i + 1) % 2 ? 3 : 4)).reduce((a, b) => a + b, 0);
    assert.equal(t.info().bestStep, expected);
  });
});
