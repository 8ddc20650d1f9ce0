import { strict as assert } from 'node:assert';
import { Thinning } from '../../src/engine/io/thinning';

describe('Thinning', () => {
  it('keeps every point until the cap', () => {
    const t = new Thinning(10),
      points: number[] = [];
    for (let i = 0; i < 10; i++) assert.equal(t.push(points, i), true);
    assert.deepEqual(points, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('never holds more than the cap, and the kept points stay evenly spaced from the first', () => {
    for (const cap of [7, 8, 1000]) {
      const t = new Thinning(cap),
        points: number[] = [];
      for (let i = 0; i < 100_000; i++) {
        t.push(points, i);
        assert.ok(points.length <= cap, `cap ${cap}: ${points.length} points after ${i + 1}`);
      }
      assert.equal(points[0], 0);
      const gaps = new Set(points.slice(1).map((p, i) => p - points[i]!));
      assert.deepEqual([...gaps], [t.every], `cap ${cap}: one spacing, the current stride`);
      assert.ok(points.length > cap / 2, `cap ${cap}: at least half full (${points.length})`);
      assert.ok(100_000 - 1 - points[points.length - 1]! < t.every, 'the newest kept point is less than one stride old');
    }
  });
});
