// The panels' "what the page drew" wait (src/extension/pages/rendered.ts): a report already drawn
// answers at once, a wait wakes on the next report, a reset forgets the old one, and silence ends
// in null after the timeout.
import { strict as assert } from 'node:assert';
import { Rendered } from '../../../src/extension/pages/rendered';

describe('Rendered: waiting for what a page drew', () => {
  it('answers at once with a report already drawn, and nothing after a reset', async () => {
    const r = new Rendered<{ rows: number }>();
    r.set({ rows: 2 });
    assert.deepEqual(await r.drawn(10), { rows: 2 });
    r.reset();
    assert.equal(r.current, null);
    assert.equal(await r.drawn(10), null, 'the payload sent since was not drawn');
  });

  it('wakes every wait on the next report', async () => {
    const r = new Rendered<{ rows: number }>();
    const waits = [r.drawn(5000), r.drawn(5000)];
    setTimeout(() => r.set({ rows: 3 }), 5);
    assert.deepEqual(await Promise.all(waits), [{ rows: 3 }, { rows: 3 }]);
    assert.deepEqual(r.current, { rows: 3 });
  });
});
