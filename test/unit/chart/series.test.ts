import { strict as assert } from 'node:assert';
import { collectMarkers, drawable, ema, EmaCache, placeSeries, SeriesStore, type XY } from '../../../webview/chart/series';

const pts = (...ys: number[]): XY[] => ys.map((y, i) => ({ x: i + 1, y }));

describe('chart: EMA smoothing', () => {
  it('is the identity at weight 0', () => {
    assert.deepEqual(ema(pts(3, 1, 2), 0), pts(3, 1, 2));
  });

  it('is debiased: the first value is kept, a constant stays constant', () => {
    assert.equal(ema(pts(5), 0.9)[0]!.y, 5);
    for (const p of ema(pts(2, 2, 2, 2), 0.95)) assert.ok(Math.abs(p.y - 2) < 1e-12);
  });

  it('matches the TensorBoard formula', () => {
    const w = 0.6;
    const [a, b] = [4, 1];
    const last = (1 - w) * a * w + (1 - w) * b;
    assert.ok(Math.abs(ema(pts(a, b), w)[1]!.y - last / (1 - w * w)) < 1e-12);
  });

  it('skips NaN and infinities without poisoning later points', () => {
    const out = ema(pts(1, NaN, Infinity, 1), 0.5);
    assert.deepEqual(
      out.map((p) => p.x),
      [1, 4],
    );
    assert.ok(out.every((p) => Number.isFinite(p.y)));
  });

  it('extends incrementally to the same result as a full pass, and resets on a new weight', () => {
    const points: XY[] = [];
    const cache = new EmaCache();
    for (let i = 0; i < 1000; i++) {
      points.push({ x: i, y: Math.sin(i) + 2 });
      if (i % 97 === 0) cache.update(points, 0.8);
    }
    assert.deepEqual(cache.update(points, 0.8), ema(points, 0.8));
    assert.deepEqual(cache.update(points, 0.3), ema(points, 0.3));
  });

  it('smooths 100,000 points quickly', () => {
    const points = Array.from({ length: 100_000 }, (_, i) => ({ x: i, y: Math.random() }));
    const t = performance.now();
    assert.equal(ema(points, 0.9).length, 100_000);
    assert.ok(performance.now() - t < 200);
  });
});

describe('chart: series bookkeeping', () => {
  it('places loss series on the step chart and lr on its own axis', () => {
    assert.deepEqual(placeSeries('loss'), { chart: 'loss', axis: 'y' });
    assert.deepEqual(placeSeries('val_loss'), { chart: 'loss', axis: 'y' });
    assert.deepEqual(placeSeries('val_accuracy'), { chart: 'epoch', axis: 'y' });
    assert.deepEqual(placeSeries('lr'), { chart: 'epoch', axis: 'yLr' });
  });

  it('groups points by run and metric, in arrival order of runs', () => {
    const store = new SeriesStore();
    assert.ok(store.isEmpty);
    store.add({
      runId: 'b',
      points: [
        { step: 1, name: 'loss', value: 2 },
        { step: 2, name: 'loss', value: 1 },
      ],
    });
    store.add({ runId: 'a', points: [{ step: 5, name: 'val_loss', value: 3 }] });
    assert.deepEqual([...store.runs.keys()], ['b', 'a']);
    assert.deepEqual(store.runs.get('b')!.series.get('loss'), [
      { x: 1, y: 2 },
      { x: 2, y: 1 },
    ]);
    assert.equal(store.runs.get('a')!.index, 1);
    assert.ok(!store.isEmpty);
  });

  it("drops points at or before a series' last step (a batch seen twice counts once)", () => {
    const store = new SeriesStore();
    const batch = {
      runId: 'r',
      points: [
        { step: 1, name: 'loss', value: 2 },
        { step: 2, name: 'loss', value: 1 },
      ],
    };
    assert.equal(store.add(batch), 2);
    const v = store.version;
    assert.equal(store.add(batch), 0);
    assert.equal(store.version, v, 'nothing new, no re-render');
    assert.equal(store.add({ runId: 'r', points: [{ step: 3, name: 'loss', value: 0.5 }] }), 1);
    assert.equal(store.runs.get('r')!.series.get('loss')!.length, 3);
  });

  it('names runs by label and tells apart two runs of the same model', () => {
    const store = new SeriesStore();
    store.setInfo({ runId: 'r1', label: 'mlp', events: [] });
    store.setInfo({ runId: 'r2', label: 'mlp', events: [] });
    store.setInfo({ runId: 'r3', label: 'cnn', events: [] });
    store.add({ runId: 'r4', points: [] });
    assert.deepEqual(
      [...store.runs.values()].map((r) => store.displayName(r)),
      ['mlp #1', 'mlp #2', 'cnn', 'r4'],
    );
  });

  it('collects markers: events, and the best epoch once', () => {
    const store = new SeriesStore();
    store.setInfo({
      runId: 'r',
      label: 'm',
      status: 'early_stopped',
      bestEpoch: 2,
      bestStep: 20,
      events: [
        { step: 30, kind: 'early_stop', label: 'early stop' },
        { step: 10, kind: 'lr', label: 'lr 0.01' },
      ],
    });
    store.setInfo({ runId: 'q', label: 'n', bestStep: 5, events: [{ step: 5, kind: 'best', label: 'best' }] });
    const markers = collectMarkers(store);
    assert.deepEqual(
      markers.map((m) => [m.x, m.kind]),
      [
        [5, 'best'],
        [10, 'lr'],
        [20, 'best'],
        [30, 'early_stop'],
      ],
    );
    assert.equal(markers.find((m) => m.x === 20)!.label, 'best (epoch 2)');
    assert.deepEqual(
      collectMarkers(store, (id) => id === 'q').map((m) => m.x),
      [5],
    );
  });

  it('keeps only drawable points (finite; positive on a log scale)', () => {
    const p = pts(1, NaN, 0, -1, Infinity, 2);
    assert.deepEqual(
      drawable(p, false).map((q) => q.y),
      [1, 0, -1, 2],
    );
    assert.deepEqual(
      drawable(p, true).map((q) => q.y),
      [1, 2],
    );
  });
});
