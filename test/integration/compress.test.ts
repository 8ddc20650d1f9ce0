// The Compression Report view in a real VS Code: on a tiny classifier trained once on the CPU, the
// command opens the panel, and its row (the original) matches the run's model.onnx on disk and what
// the page drew; an experiment without a finished run gets the reason in the panel.
import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CompressResult } from '../../src/extension/compress';
import { countParams } from '../../src/export/onnx/compress-report';
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

  it('says in the panel that an experiment has no finished run', async function () {
    this.timeout(60_000);
    const document = await openFixture('architecture.mlab');
    const result = await vscode.commands.executeCommand<CompressResult>('modelLab.showCompressionReport', document.uri);
    assert.ok(result && 'failed' in result, 'a failure');
    assert.match(result.failed, /no finished run with weights/);
    assert.deepEqual(result.drawn, { state: 'failed', rows: 0, error: null });
  });
});
