// `model-lab quantize` and `model-lab compress-report` end to end, through the real command line:
// a two-block experiment (the original and a pruned run) trained by `model-lab train`, its
// original quantized (post-training, then quantization-aware), and the report's numbers checked
// against their sources: sizes against the files, non-zero counts against the weights, accuracies
// against the engine's own evaluation of the weights on the test split.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData, targetKindFor } from '../../../src/engine/data/load';
import { locationOf, nodeDataHost } from '../../../src/engine/data/node-host';
import { readRunRecord } from '../../../src/engine/io/read-record';
import { decodeSafetensors } from '../../../src/engine/io/safetensors';
import { scoreModel } from '../../../src/engine/quant/simulate';
import { checkCompatible } from '../../../src/engine/train/compat';
import type { CompressRow } from '../../../src/export/onnx/compress-report';
import { readInt8Record } from '../../../src/export/onnx/int8-run';
import type { Graph } from '../../../src/graph/ir';
import type { TrainConfig } from '../../../src/graph/train-config';
import { onnxChecker } from '../export/onnx-helpers';

const ROOT = join(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const cli = (cwd: string, ...args: string[]) => spawnSync(TSX, [join(ROOT, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });

const TRAIN = (extra: string) => `
train net on moons {
  loss: cross_entropy
  optimizer: adam lr 0.01
  epochs: 6
  batch: 32
  metrics: accuracy
${extra}}
`;
const EXPERIMENT = `
data moons {
  source: synthetic(moons, size 800, noise 0.2, seed 3)
  split: val 0.15 test 0.25
  shuffle: seed 3
}

model net(input [2]) {
  dense 32 relu
  dense 32 relu
  dense 2
}
${TRAIN('')}${TRAIN('  prune: magnitude 0.5 global from 1 to 3\n')}`;

/** The engine's test-split scores of a run's model (float) or of its int8 variant. */
async function engineScores(run: string, int8: boolean) {
  const rec = readRunRecord(run);
  const config = rec.start.config as TrainConfig;
  const q = int8 ? readInt8Record(run)! : null;
  const graph = (q ? q.graph : rec.start.graph) as Graph;
  const weights = decodeSafetensors(readFileSync(join(run, q ? 'int8/weights.safetensors' : 'weights.safetensors'))).tensors;
  const file = rec.start.file!;
  const { splits } = await loadData(rec.start.data!, config.seed, {
    host: nodeDataHost,
    location: locationOf(file),
    inputShape: graph.inputShape,
    targetKind: targetKindFor(config.loss),
  });
  const { oneHot } = checkCompatible(graph, config, splits.train);
  return scoreModel(graph, weights, splits.test!, config, oneHot);
}

describe('cli quantize and compress-report', function () {
  this.timeout(240_000);
  const ws = mkdtempSync(join(tmpdir(), 'model-lab-quant-'));
  mkdirSync(join(ws, '.git'));
  writeFileSync(join(ws, 'moons.mlab'), EXPERIMENT);
  let original = '',
    pruned = '';

  before(() => {
    const r = cli(ws, 'train', 'moons.mlab', '--quiet', '--device', 'cpu');
    assert.equal(r.status, 0, r.stderr);
    const runs = join(ws, '.modellab', 'runs');
    const top = join(runs, readdirSync(runs)[0]!);
    [original, pruned] = ['1', '2'].map((k) => join(top, k));
    assert.ok((readRunRecord(pruned).start.config as TrainConfig).prune, 'the second block is the pruned one');
  });

  it('quantize --run writes int8/ with a checked QDQ file and the engine-simulated scores', async () => {
    const r = cli(ws, 'quantize', 'moons.mlab', '--run', original, '--calibration', '4', '--method', 'percentile', '--percentile', '99.9');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /int8 calibrated on 4 batches \(percentile 99\.9\)/);
    assert.match(r.stdout, /one output step/);
    assert.match(onnxChecker(join(original, 'int8', 'model.onnx')), /^opset 17/);
    const q = readInt8Record(original)!;
    assert.equal(q.split, 'test');
    assert.ok(q.check.maxAbsDiff <= q.check.step + 1e-5);
    assert.deepEqual(q.int8, await engineScores(original, true));
  });

  it('quantize --aware fine-tunes with fake-quant and keeps the file matching its simulation', async () => {
    const r = cli(ws, 'quantize', 'moons.mlab', '--run', pruned, '--aware', '2', '--calibration', '4');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /fine-tuned 2 epochs at lr 0\.001/);
    const q = readInt8Record(pruned)!;
    assert.deepEqual(q.aware, { epochs: 2, lr: 0.001 });
    const sim = await engineScores(pruned, true);
    assert.ok(
      Math.abs(sim.metrics.accuracy! - q.int8!.metrics.accuracy!) < 1e-12,
      `${sim.metrics.accuracy} vs ${q.int8!.metrics.accuracy}`,
    );
    // The masks survive fine-tuning: half the weights of the pruned run stay exactly 0.
    const w = decodeSafetensors(readFileSync(join(pruned, 'int8', 'weights.safetensors'))).tensors;
    const zeros = ['dense_1.weight', 'dense_2.weight', 'dense_3.weight'].reduce(
      (a, n) => a + w.get(n)!.data.filter((v) => v === 0).length,
      0,
    );
    assert.ok(zeros >= 0.5 * (64 + 1024 + 64) - 1, `${zeros} zeros`);
  });

  it("compress-report: one row per variant, its numbers from the files and the engine's evaluation", async () => {
    const r = cli(ws, 'compress-report', 'moons.mlab', '--json', '--repeats', '3');
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as CompressRow[];
    assert.deepEqual(
      rows.map((x) => [x.kind, x.label]),
      [
        ['original', 'train net on moons'],
        ['int8', 'int8 of train net on moons'],
        ['pruned', 'net pruned 50%'],
        ['int8', 'int8 of net pruned 50% (quantization-aware)'],
      ],
    );
    for (const row of rows) {
      assert.equal(row.bytes, statSync(row.onnx).size, row.label);
      assert.ok(row.latencyMs > 0);
      const scores = await engineScores(row.run, row.kind === 'int8');
      assert.equal(row.accuracy, scores.metrics.accuracy, `${row.label}: accuracy`);
    }
    const [orig, int8, prunedRow] = rows as [CompressRow, CompressRow, CompressRow];
    assert.equal(orig.accuracy, readRunRecord(original).end!.final!.test_accuracy);
    assert.equal(orig.vs, null);
    assert.ok(Math.abs(int8.vs!.bytes - int8.bytes / orig.bytes) < 1e-12);
    assert.ok(int8.bytes < orig.bytes); // at 1,218 parameters the QDQ nodes' names weigh as much as the weights saved
    // Non-zero parameters of the float rows, counted here from the weights themselves.
    for (const [row, run] of [
      [orig, original],
      [prunedRow, pruned],
    ] as const) {
      const w = decodeSafetensors(readFileSync(join(run, 'weights.safetensors'))).tensors;
      const nz = [...w.values()].reduce((a, t) => a + t.data.filter((v) => v !== 0).length, 0);
      assert.equal(row.nonZero, nz, row.label);
    }
    assert.ok(prunedRow.nonZero < 0.6 * prunedRow.params);
    const table = cli(ws, 'compress-report', 'moons.mlab', '--repeats', '2');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^variant +bytes +non-zero +test acc +latency +vs original/);
    assert.equal(table.stdout.trim().split('\n').length, 5);
  });
});
