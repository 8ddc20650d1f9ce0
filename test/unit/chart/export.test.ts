import { strict as assert } from 'node:assert';
import { ChartToHost, HostToChart } from '../../../src/protocol/chart';
import { csvCell, exportName, toBase64, toCsv } from '../../../webview/chart/export';
import { SeriesStore } from '../../../webview/chart/series';

describe('chart: CSV and export', () => {
  it('quotes cells only when needed', () => {
    assert.equal(csvCell('mlp'), 'mlp');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(0.25), '0.25');
    assert.equal(csvCell(NaN), 'NaN');
  });

  it('writes every point of every run in long format', () => {
    const store = new SeriesStore();
    store.setInfo({ runId: 'r1', label: 'mlp (lr 0.1, batch 32)', events: [] });
    store.add({
      runId: 'r1',
      points: [
        { step: 1, name: 'loss', value: 0.5 },
        { step: 10, name: 'val_accuracy', value: 0.9 },
      ],
    });
    store.add({ runId: 'r2', points: [{ step: 1, name: 'loss', value: 1e-7 }] });
    assert.equal(
      toCsv(store),
      [
        'run,label,metric,step,value',
        'r1,"mlp (lr 0.1, batch 32)",loss,1,0.5',
        'r1,"mlp (lr 0.1, batch 32)",val_accuracy,10,0.9',
        'r2,r2,loss,1,1e-7',
        '',
      ].join('\r\n'),
    );
  });

  it('names exports with the date and the right extension', () => {
    assert.equal(exportName('png', new Date(2024, 4, 1, 13, 4)), 'model-lab-training-2024-05-01-1304.png');
    assert.match(exportName('csv'), /^model-lab-training-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
  });

  it('encodes base64 in chunks, large inputs included', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
    assert.equal(toBase64(new Uint8Array()), '');
  });

  it('validates saveExport requests: kind, a bare file name, bounded sizes', () => {
    const params = ChartToHost.requests.saveExport.params;
    assert.ok(params.safeParse({ kind: 'csv', name: 'runs.csv', data: 'a,b\r\n' }).success);
    assert.ok(params.safeParse({ kind: 'png', name: 'chart.png', data: 'iVBORw0KGgo=' }).success);
    assert.ok(!params.safeParse({ kind: 'png', name: 'chart.png', data: '' }).success);
    assert.ok(!params.safeParse({ kind: 'svg', name: 'chart.svg', data: 'x' }).success);
    assert.ok(!params.safeParse({ kind: 'csv', name: '../evil.csv', data: '' }).success);
    assert.ok(!params.safeParse({ kind: 'csv', name: 'C:\\x.csv', data: '' }).success);
    assert.ok(!params.safeParse({ kind: 'png', name: 'big.png', data: 'A'.repeat(30_000_001) }).success);
  });

  it('validates runInfo: markers of three kinds, an optional status', () => {
    const payload = HostToChart.notifications.runInfo.payload;
    assert.ok(payload.safeParse({ runId: 'r', label: 'mlp', events: [{ step: 3, kind: 'lr', label: 'lr 0.01' }] }).success);
    assert.ok(payload.safeParse({ runId: 'r', label: 'mlp', status: 'early_stopped', bestEpoch: 2, bestStep: 40, events: [] }).success);
    assert.ok(!payload.safeParse({ runId: 'r', label: 'mlp', events: [{ step: 3, kind: 'note', label: 'x' }] }).success);
    assert.ok(!payload.safeParse({ runId: 'r', label: 'mlp', status: 'running', events: [] }).success);
  });
});
