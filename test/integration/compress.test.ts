// The Compression Report view in a real VS Code: on a tiny classifier trained once on the CPU, the
// command opens the panel, and its row (the original) matches the run's model.onnx on disk and what
// the page drew; an experiment without a finished run gets the reason in the panel.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CompressResult } from '../../src/extension/compress';
import type { QuantizeOutcome } from '../../src/extension/compress/quantize';
import { countParams } from '../../src/export/onnx/compress-report';
import { readInt8Record } from '../../src/export/onnx/int8-run';
import { eventually, openFixture, trainedOnCpuBeforeAll } from './util';

const compressTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Compression · '));

describe('compression report view', () => {
  const trained = trainedOnCpuBeforeAll('export.mlab', 'small');

  it('shows one row per variant: the original, its size and parameters those of its ONNX file', async function () {
    this.timeout(120_000);
    const document = await openFixture('export.mlab');
    const result = await vscode.commands.executeCommand<CompressResult>('modelLab.showCompressionReport', document.uri);
    assert.ok(result && 'rows' in result, result && 'failed' in result ? result.failed : 'no result');
    const dir = trained().runs[0]!.dir;
    assert.deepEqual(
      result.rows.map((r) => [r.kind, r.run]),
      [['original', dir]],
    );
    const row = result.rows[0]!;
    const onnx = join(dir, 'model.onnx');
    assert.equal(row.bytes, statSync(onnx).size);
    const counted = countParams(readFileSync(onnx));
    assert.equal(row.params, counted.params);
    // dense 8 (2*8+8) + batchnorm scale/bias (+ running stats) + dense 8 (8*8+8) + dense 3 (8*3+3): at least the weights.
    assert.ok(row.params >= 24 + 72 + 27, `${row.params} parameters`);
    assert.equal(row.accuracy, null, 'the fixture has no test split');
    assert.ok(row.latencyMs > 0 && Number.isFinite(row.latencyMs), `${row.latencyMs} ms`);
    assert.equal(row.vs, null);
    assert.deepEqual(result.drawn, { state: 'shown', rows: 1, error: null });
    await eventually(() => (compressTabs().some((t) => t.label === 'Compression · export.mlab') ? true : undefined), 'the tab');
  });

  it('Quantize (int8) writes the int8 files into the run folder; the refreshed table gains their row', async function () {
    this.timeout(120_000);
    const document = await openFixture('export.mlab');
    await vscode.commands.executeCommand<CompressResult>('modelLab.showCompressionReport', document.uri);
    const dir = trained().runs[0]!.dir;
    const outcome = await vscode.commands.executeCommand<QuantizeOutcome>('modelLab.quantize', dir, { batches: 2 });
    assert.ok(outcome && 'onnx' in outcome, outcome && 'failed' in outcome ? outcome.failed : 'no outcome');
    const onnx = join(dir, 'int8', 'model.onnx');
    assert.equal(outcome.onnx, onnx);
    assert.equal(outcome.bytes, statSync(onnx).size);
    assert.deepEqual(outcome.calibration, { batches: 2, method: 'minmax', percentile: 99.99 }, "the CLI's defaults, 2 batches");
    const record = readInt8Record(dir);
    assert.deepEqual(record?.calibration, outcome.calibration, 'quantization.json says how it was made');
    assert.equal(outcome.split, 'val', 'the fixture has no test split: the int8 model is scored on val');
    assert.equal(outcome.accuracy, record?.int8?.metrics.accuracy ?? null);
    const report = outcome.report;
    assert.ok(report && 'rows' in report, 'the open report computed its rows again');
    assert.deepEqual(
      report.rows.map((r) => [r.kind, r.run]),
      [
        ['original', dir],
        ['int8', dir],
      ],
    );
    const int8 = report.rows[1]!;
    assert.equal(int8.onnx, onnx);
    assert.equal(int8.bytes, statSync(onnx).size);
    assert.deepEqual([int8.params, int8.nonZero], Object.values(countParams(readFileSync(onnx))));
    assert.ok(int8.vs && Math.abs(int8.vs.bytes - int8.bytes / report.rows[0]!.bytes) < 1e-12, 'its size against the original');
    assert.deepEqual(report.drawn, { state: 'shown', rows: 2, error: null });
  });

  it('Quantize (int8) with quantization-aware fine-tuning: an epoch of fake-quant, said in quantization.json and the table', async function () {
    this.timeout(120_000);
    const document = await openFixture('export.mlab');
    await vscode.commands.executeCommand<CompressResult>('modelLab.showCompressionReport', document.uri);
    const dir = trained().runs[0]!.dir;
    const outcome = await vscode.commands.executeCommand<QuantizeOutcome>('modelLab.quantize', dir, { batches: 2 }, { epochs: 1 });
    assert.ok(outcome && 'onnx' in outcome, outcome && 'failed' in outcome ? outcome.failed : 'no outcome');
    const record = readInt8Record(dir);
    assert.equal(outcome.aware?.epochs, 1);
    assert.ok(outcome.aware.lr > 0, "a tenth of the run's lr");
    assert.deepEqual(record?.aware, outcome.aware, 'quantization.json says it was fine-tuned');
    const report = outcome.report;
    assert.ok(report && 'rows' in report, 'the open report computed its rows again');
    assert.deepEqual(
      report.rows.map((r) => r.label),
      ['train small on blobs', 'int8 of train small on blobs (quantization-aware)'],
    );
  });

  it('Quantize (int8) of a run without weights says why, and writes nothing', async function () {
    this.timeout(60_000);
    const copy = mkdtempSync(join(tmpdir(), 'model-lab-no-weights-'));
    try {
      cpSync(trained().runs[0]!.dir, copy, { recursive: true });
      rmSync(join(copy, 'weights.safetensors'));
      rmSync(join(copy, 'int8'), { recursive: true, force: true });
      const outcome = await vscode.commands.executeCommand<QuantizeOutcome>('modelLab.quantize', copy, { batches: 1 });
      assert.ok(outcome && 'failed' in outcome, 'refused');
      assert.match(outcome.failed, /has no weights/);
      assert.equal(readInt8Record(copy), null);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('says in the panel that an experiment has no finished run', async function () {
    this.timeout(60_000);
    const document = await openFixture('architecture.mlab');
    const result = await vscode.commands.executeCommand<CompressResult>('modelLab.showCompressionReport', document.uri);
    assert.ok(result && 'failed' in result, 'a failure');
    assert.match(result.failed, /no finished run with weights/);
    assert.deepEqual(result.drawn, { state: 'failed', rows: 0, error: null });
  });
});
