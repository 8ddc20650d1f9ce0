// Int8 variants in Compare: a run with RUN/int8/quantization.json gets a column beside it, with the
// float run's settings plus `quantization`, the int8 scores as its final metrics and no curves.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';
import { readRunRecord, type RunRecord } from '../../../src/engine/io/read-record';
import { compareRecords } from '../../../src/extension/compare/compare-data';
import { withInt8Variants } from '../../../src/extension/compare/int8-variant';
import { CompareShow } from '../../../src/protocol/compare';

const BLOBS = `data blobs {
  source: synthetic(blobs, size 60, noise 0.2, seed 4)
  split: val 0.2, test 0.2
}

model net(input [2]) {
  dense 6 relu
  dense 3
}

train net on blobs {
  loss: cross_entropy
  optimizer: adam lr 0.05
  sweep: lr [0.05, 0.01]
  epochs: 2
  batch: 12
  metrics: accuracy
  seed: 5
}
`;

const quiet: CliIO = { out: () => {}, err: () => {} };

describe('int8 variants in Compare', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-compare-int8-'));
  let runs: RunRecord[];

  before(async function () {
    this.timeout(60_000);
    writeFileSync(join(root, 'blobs.mlab'), BLOBS);
    assert.equal(await trainCommand.run([join(root, 'blobs.mlab'), '--out', join(root, 'sweep'), '--quiet', '--device', 'cpu'], quiet), 0);
    runs = [readRunRecord(join(root, 'sweep', '1')), readRunRecord(join(root, 'sweep', '2'))];
    // What `model-lab quantize` writes (int8-run.ts: Int8Record), for the first run only.
    mkdirSync(join(runs[0]!.dir, 'int8'));
    const q = {
      model: 'net',
      calibration: { batches: 4, method: 'minmax' },
      aware: null,
      split: 'test',
      float: { loss: 0.5, metrics: { accuracy: 0.75 } },
      int8: { loss: 0.625, metrics: { accuracy: 0.6875 } },
    };
    writeFileSync(join(runs[0]!.dir, 'int8', 'quantization.json'), JSON.stringify(q));
  });

  it('puts the int8 column right after its run, and none for a run without one', () => {
    const columns = withInt8Variants(runs, 24);
    assert.deepEqual(
      columns.map((c) => c.record.dir),
      [runs[0]!.dir, `${runs[0]!.dir}#int8`, runs[1]!.dir],
    );
    assert.equal(columns[1]!.open, join(runs[0]!.dir, 'int8', 'quantization.json'));
    assert.equal(columns[0]!.open, join(runs[0]!.dir, 'record.jsonl'));
  });

  it('shows the variant with its quantization setting and the int8 test scores beside the float ones', () => {
    const { show } = compareRecords(withInt8Variants(runs, 24).map((c) => c.record));
    CompareShow.parse(show);
    assert.equal(show.runs.length, 3);
    assert.match(show.runs[1]!.label, / · int8$/);
    assert.notEqual(show.runs[1]!.runId, show.runs[0]!.runId);
    assert.match(show.runs[1]!.detail, /int8 variant/);
    const quant = show.settings.find((s) => s.key === 'quantization');
    assert.deepEqual(quant?.values, ['—', 'int8 (minmax over 4 batches)', '—']);
    const acc = show.metrics.find((m) => m.key === 'test_accuracy')!;
    assert.equal(typeof acc.values[0], 'number', 'the float run has a test accuracy');
    assert.equal(acc.values[0], runs[0]!.end?.final?.test_accuracy);
    assert.equal(acc.values[1], 0.6875);
    assert.equal(acc.values[2], runs[1]!.end?.final?.test_accuracy);
    assert.equal(show.metrics.find((m) => m.key === 'test_loss')!.values[1], 0.625);
    // Only the scores quantize measured: no training loss, no curves.
    assert.equal(show.metrics.find((m) => m.key === 'train_loss')?.values[1] ?? null, null);
    assert.deepEqual(show.curves[1]!.points, []);
  });

  it('leaves variants out once the columns are full', () => {
    assert.deepEqual(
      withInt8Variants(runs, 2).map((c) => c.record.dir),
      runs.map((r) => r.dir),
    );
  });
});
