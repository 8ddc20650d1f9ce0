// Why the editor's Quantize (int8) refuses a run before any work starts: runs trained by the real
// command line (a classifier, a token language model), a copy without its weights, and the runs
// quantized by `model-lab quantize` afterwards — the refusal must be null exactly where the CLI
// quantizes, and name the reason elsewhere.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { int8Refusal } from '../../../src/extension/compress/int8-check';

const ROOT = join(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const cli = (cwd: string, ...args: string[]) => spawnSync(TSX, [join(ROOT, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });

const EXPERIMENT = `
data blobs {
  source: synthetic(blobs, size 96, noise 0.2, seed 4)
  split: val 0.25
}
model small(input [2]) {
  dense 8 relu
  dense 3
}
train small on blobs {
  loss: cross_entropy
  optimizer: adam lr 0.05
  epochs: 1
  batch: 24
  metrics: accuracy
}
`;

describe('Quantize (int8): what the editor refuses before it starts', function () {
  this.timeout(120_000);
  const ws = mkdtempSync(join(tmpdir(), 'model-lab-int8-check-'));
  const runOf = (model: string) => {
    const runs = join(ws, '.modellab', 'runs');
    return join(
      runs,
      readdirSync(runs).find((d) => d.startsWith(`${model}-`))!,
    );
  };

  before(() => {
    mkdirSync(join(ws, '.git'));
    writeFileSync(join(ws, 'small.mlab'), EXPERIMENT);
    cpSync(join(ROOT, 'test/fixtures/workspace/generate.mlab'), join(ws, 'lm.mlab'));
    cpSync(join(ROOT, 'test/fixtures/workspace/data/genesis-head.txt'), join(ws, 'data/genesis-head.txt'));
    for (const file of ['small.mlab', 'lm.mlab']) {
      const r = cli(ws, 'train', file, '--quiet', '--device', 'cpu');
      assert.equal(r.status, 0, r.stderr);
    }
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('a finished float run: none, and the CLI quantizes it', () => {
    assert.equal(int8Refusal(runOf('small')), null);
    const q = cli(ws, 'quantize', 'small.mlab', '--calibration', '1');
    assert.equal(q.status, 0, q.stderr);
    assert.ok(existsSync(join(runOf('small'), 'int8', 'model.onnx')));
    assert.equal(int8Refusal(runOf('small')), null, 'quantizing again replaces the int8 files');
  });

  it('a run without its weights: says so, and why', () => {
    const copy = join(ws, 'no-weights');
    cpSync(runOf('small'), copy, { recursive: true });
    rmSync(join(copy, 'weights.safetensors'));
    assert.match(int8Refusal(copy) ?? '', /^the run of 'small' has no weights \(it ended as completed\): only a run that finished/);
  });

  it('a token language model: none, and the CLI quantizes its dense layers (the check feeds int64 ids)', () => {
    assert.equal(int8Refusal(runOf('lm')), null);
    const q = cli(ws, 'quantize', 'lm.mlab');
    assert.equal(q.status, 0, q.stderr);
    assert.match(q.stdout, /onnxruntime-web matches the simulation/);
    assert.ok(existsSync(join(runOf('lm'), 'int8', 'model.onnx')));
    // The report times both files on int64 ids (it fed floats before, and onnxruntime refused them).
    const report = cli(ws, 'compress-report', 'lm.mlab');
    assert.equal(report.status, 0, report.stderr);
    assert.match(report.stdout, /^int8 of train lm on \S+ +\d+ /m);
  });

  it('a folder without a run record: the record error', () => {
    assert.match(int8Refusal(ws) ?? '', /cannot read the run record/);
  });
});
