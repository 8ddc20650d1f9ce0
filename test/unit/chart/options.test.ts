import { strict as assert } from 'node:assert';
import { chartOptions, DECIMATION, formatValue } from '../../../webview/chart/options';
import { withAlpha } from '../../../webview/chart/theme';
import { RunInfoTracker } from '../../../src/extension/runs/run-info';

const colors = { foreground: '#ccc', muted: '#999', grid: '#444', font: 'sans-serif' };

describe('chart: options that keep 100,000 points smooth', () => {
  it('decimates long lines with LTTB', () => {
    assert.equal(DECIMATION.enabled, true);
    assert.equal(DECIMATION.algorithm, 'lttb');
    assert.ok(DECIMATION.algorithm === 'lttb' && DECIMATION.samples! <= 1000 && DECIMATION.threshold! >= DECIMATION.samples!);
  });

  it('turns off animation and parsing, on a linear x axis (what decimation requires)', () => {
    const o = chartOptions({ colors, yTitle: 'loss', log: false, lrAxis: false, onToggle: () => {} });
    assert.equal(o.animation, false);
    assert.equal(o.parsing, false);
    assert.equal(o.normalized, true);
    assert.equal(o.indexAxis, 'x');
    assert.equal(o.scales!.x!.type, 'linear');
    assert.equal(o.plugins!.decimation, DECIMATION);
    assert.equal(o.scales!.y!.type, 'linear');
    assert.equal(o.scales!.yLr, undefined);
  });

  it('switches the y axis to log and adds the learning-rate axis on request', () => {
    const o = chartOptions({ colors, yTitle: 'metric', log: true, lrAxis: true, onToggle: () => {} });
    assert.equal(o.scales!.y!.type, 'logarithmic');
    assert.equal((o.scales!.yLr as { position?: string }).position, 'right');
  });

  it('formats values compactly', () => {
    assert.equal(formatValue(0.123456), '0.1235');
    assert.equal(formatValue(0), '0');
    assert.equal(formatValue(1e-5), '1.00e-5');
  });

  it('makes faint colours from theme colours', () => {
    assert.equal(withAlpha('#3794ff', 0.25), 'rgba(55, 148, 255, 0.25)');
    assert.equal(withAlpha('#fff', 0.5), 'rgba(255, 255, 255, 0.5)');
    assert.equal(withAlpha('#ffffff80', 0.5), 'rgba(255, 255, 255, 0.251)');
    assert.equal(withAlpha('rgb(1, 2, 3)', 0.5), 'rgba(1, 2, 3, 0.5)');
    assert.equal(withAlpha('rgba(1, 2, 3, 0.5)', 0.5), 'rgba(1, 2, 3, 0.25)');
    assert.equal(withAlpha('red', 0.5), 'red');
  });
});

describe('chart: run markers from the host (RunInfoTracker)', () => {
  it('marks a step change of the learning rate, not a smooth decay', () => {
    const t = new RunInfoTracker('r', 'mlp');
    const steps = [0.1, 0.1, 0.1, 0.01, 0.009, 0.008, 0.007, 0.006];
    const added = steps.map((lr, i) => t.epoch(i + 1, (i + 1) * 10, lr));
    assert.deepEqual(added, [false, false, false, true, false, false, false, false]);
    assert.deepEqual(t.info().events, [{ step: 30, kind: 'lr', label: 'lr 0.01' }]);
  });

  it('marks manual overrides, early stopping and the best epoch', () => {
    const t = new RunInfoTracker('r', 'mlp');
    for (let e = 1; e <= 5; e++) t.epoch(e, e * 100, 0.001);
    t.override(250, 0.0005);
    t.override(320, null);
    t.ended('early_stopped', 2, 500, 'early stop: val_loss did not improve for 3 epochs');
    const info = t.info();
    assert.equal(info.status, 'early_stopped');
    assert.equal(info.bestEpoch, 2);
    assert.equal(info.bestStep, 200);
    assert.deepEqual(
      info.events.map((e) => [e.step, e.kind, e.label]),
      [
        [250, 'lr', 'lr 0.0005'],
        [320, 'lr', 'lr: schedule'],
        [500, 'early_stop', 'early stop'],
      ],
    );
  });

  it('says nothing of status or best while the run trains', () => {
    const info = new RunInfoTracker('r', 'mlp').info();
    assert.deepEqual(info, { runId: 'r', label: 'mlp', events: [] });
  });
});
