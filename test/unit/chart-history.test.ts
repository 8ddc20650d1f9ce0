// The host's chart history: what the Training view and the trainer panel draw from.
import { strict as assert } from 'node:assert';
import { ChartHistory, forwardChange, type ChartChange } from '../../src/extension/chart-history';
import { CHART_SERIES_CAP } from '../../src/engine/io/thinning';

describe('chart history (host)', () => {
  it('groups the runs of one click: a sweep together, a new click starts a new group', () => {
    const h = new ChartHistory();
    const current: string[][] = [];
    h.listen((c) => c.kind === 'current' && current.push([...c.runIds]));
    h.beginGroup();
    h.setRunInfo({ runId: 'long', label: 'cnn', events: [] });
    h.addMetrics({ runId: 'long', points: [{ step: 1, name: 'loss', value: 1 }] });
    h.beginGroup();
    for (const id of ['s1', 's2']) {
      h.setRunInfo({ runId: id, label: `mlp ${id}`, events: [] });
      h.addMetrics({ runId: id, points: [{ step: 1, name: 'loss', value: 2 }] });
    }
    assert.deepEqual(h.current, ['s1', 's2']);
    assert.deepEqual(current, [[], ['long'], [], ['s1'], ['s1', 's2']], 'a click clears the group at once; each new run joins it once');
    assert.deepEqual(
      h.runs().map((r) => r.runId),
      ['long', 's1', 's2'],
    );
  });

  it("hands out its history in batches, thinned like the pages' series", () => {
    const h = new ChartHistory();
    const n = CHART_SERIES_CAP * 3;
    h.addMetrics({ runId: 'r', points: Array.from({ length: n }, (_, i) => ({ step: i + 1, name: 'loss', value: 1 / (i + 1) })) });
    const points = h.batches().flatMap((b) => b.points);
    assert.ok(points.length <= CHART_SERIES_CAP && points.length > CHART_SERIES_CAP / 4, `${points.length} points kept`);
    assert.equal(points[0]!.step, 1);
    for (let i = 1; i < points.length; i++) assert.ok(points[i]!.step > points[i - 1]!.step);
  });

  it('tells the pages only the points it keeps: a long fast run sends fewer and fewer', () => {
    const h = new ChartHistory();
    const heard: number[] = [];
    h.listen((c) => c.kind === 'metrics' && heard.push(c.batch.points.length));
    const batch = 1000;
    for (let b = 0; b < 200; b++)
      h.addMetrics({ runId: 'r', points: Array.from({ length: batch }, (_, i) => ({ step: b * batch + i + 1, name: 'loss', value: 1 })) });
    // Under the cap every point goes on; 200,000 steps later one in 8 or 16 does.
    assert.equal(heard[0], batch);
    assert.ok(heard.at(-1)! <= batch / 8, `the last batch sent ${heard.at(-1)} of ${batch} points`);
    const sent = heard.reduce((a, b) => a + b, 0);
    assert.ok(sent < 200 * batch * 0.3, `${sent} points sent for ${200 * batch} steps`);
  });

  it('forwards each change as the feed notification of the same name', () => {
    const sent: Array<[string, unknown]> = [];
    const changes: ChartChange[] = [
      { kind: 'metrics', batch: { runId: 'r', points: [] } },
      { kind: 'runInfo', info: { runId: 'r', label: 'x', events: [] } },
      { kind: 'current', runIds: ['r'] },
    ];
    for (const c of changes) forwardChange((type, payload) => sent.push([type, payload]), c);
    assert.deepEqual(sent, [
      ['metrics', { runId: 'r', points: [] }],
      ['runInfo', { runId: 'r', label: 'x', events: [] }],
      ['current', { runIds: ['r'] }],
    ]);
  });
});
