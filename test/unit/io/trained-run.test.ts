// A run folder as its trained model (src/engine/io/trained-run.ts), read by the ONNX export and the
// run report: the same folder gives both the same graph and weights, and each broken folder (no
// graph in the record, no weights, weights linked from elsewhere, no record) is refused by both,
// each in its own words.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCommand } from '../../../src/cli/train';
import { decodeSafetensors } from '../../../src/engine/io/safetensors';
import { TrainedRunError, readTrainedRecord, readTrainedWeights } from '../../../src/engine/io/trained-run';
import { sourceFromRun } from '../../../src/export/onnx/sources';
import { OnnxExportError } from '../../../src/export/onnx/export';
import { loadRun, ReportError } from '../../../src/extension/run-report/load-run';

const EXPERIMENT = `data d {
  source: synthetic(spiral, size 60, classes 2)
}

model m(input [2]) {
  dense 4 tanh
  dense 2
}

train m on d {
  loss: cross_entropy
  epochs: 2
  batch: 16
  seed: 1
}
`;

describe('io: a run folder as its trained model', function () {
  this.timeout(60_000);
  const root = mkdtempSync(join(tmpdir(), 'mlab-trained-'));
  const dir = join(root, 'run');
  before(async () => {
    writeFileSync(join(root, 'e.mlab'), EXPERIMENT);
    const lines: string[] = [];
    const io = { out: (l: string) => void lines.push(l), err: (l: string) => void lines.push(l) };
    assert.equal(await trainCommand.run([join(root, 'e.mlab'), '--out', dir, '--quiet', '--device', 'cpu'], io), 0, lines.join('\n'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Both readers refuse the folder, each with its own message. */
  async function bothRefuse(at: string, exportMessage: RegExp, reportMessage: RegExp): Promise<void> {
    await assert.rejects(sourceFromRun(at), (e: unknown) => e instanceof OnnxExportError && exportMessage.test(e.message));
    await assert.rejects(loadRun(at), (e: unknown) => e instanceof ReportError && reportMessage.test(e.message));
  }

  it('gives the export and the report the graph and weights the run saved', async () => {
    const saved = decodeSafetensors(readFileSync(join(dir, 'weights.safetensors'))).tensors;
    const [source, run] = [await sourceFromRun(dir), await loadRun(dir)];
    assert.deepEqual(source.weights, saved);
    assert.deepEqual(run.weights, saved);
    assert.deepEqual(source.graph, run.graph);
    assert.equal(run.graph.name, 'm');
    assert.ok(saved.size > 0);
  });

  it('refuses a record without its graph, a run without weights, weights linked elsewhere, a folder without a record', async () => {
    const record = readFileSync(join(dir, 'record.jsonl'), 'utf8');
    const [first, ...rest] = record.split('\n');
    const { graph, ...old } = JSON.parse(first!);
    void graph;
    writeFileSync(join(dir, 'record.jsonl'), [JSON.stringify(old), ...rest].join('\n'));
    assert.throws(
      () => readTrainedRecord(dir),
      (e: unknown) => e instanceof TrainedRunError && e.problem.kind === 'no-graph',
    );
    await bothRefuse(
      dir,
      /the run record has no model graph \(an older Model Lab wrote it\); train 'm' again/,
      /older Model Lab.*Train 'm' again/,
    );
    writeFileSync(join(dir, 'record.jsonl'), record);

    const weights = readFileSync(join(dir, 'weights.safetensors'));
    rmSync(join(dir, 'weights.safetensors'));
    const end = readTrainedRecord(dir).record.end;
    await assert.rejects(readTrainedWeights(dir, end), (e: unknown) => e instanceof TrainedRunError && e.problem.kind === 'no-weights');
    await bothRefuse(
      dir,
      /has no weights\.safetensors \(it ended as completed\); only a finished or stopped run/,
      /^This run has no trained weights: it ended as completed/,
    );

    writeFileSync(join(root, 'elsewhere.safetensors'), weights);
    symlinkSync(join(root, 'elsewhere.safetensors'), join(dir, 'weights.safetensors'));
    await bothRefuse(dir, /weights\.safetensors: .*outside/, /weights\.safetensors: .*outside/);
    rmSync(join(dir, 'weights.safetensors'));
    writeFileSync(join(dir, 'weights.safetensors'), weights);

    await assert.rejects(
      sourceFromRun(root),
      (e: unknown) => e instanceof OnnxExportError && /record\.jsonl: cannot read the run record/.test(e.message),
    );
    await assert.rejects(loadRun(root), (e: unknown) => e instanceof ReportError && /is not a run folder/.test(e.message));
    assert.equal((await sourceFromRun(dir)).graph.name, 'm', 'the mended folder reads again');
  });
});
