// The exported script under torchrun (DistributedDataParallel, gloo, 2 processes on this machine)
// against one process, and `model-lab export --format pytorch` end to end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRunRecord } from '../../../src/engine/io/read-record';
import { planOf, python, SAMPLES, torchrun, writeScript } from './pytorch-helpers';

// Two ranks each take half of every global batch; DDP averages their gradients, which equals the
// one-process batch mean up to the order of float additions: 1e-4 relative holds with room to spare.
const DDP_REL = 1e-4;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

const readRecord = (dir: string) => parseRunRecord(readFileSync(join(dir, 'record.jsonl'), 'utf8'), join(dir, 'record.jsonl'));

describe('PyTorch export under torchrun', function () {
  this.timeout(240_000);

  it(`xor.mlab: torchrun --nproc_per_node=2 (gloo) follows one process within ${DDP_REL} relative, step by step`, async () => {
    const { dir, script } = writeScript(planOf('xor.mlab'));
    await python([script, '--out', join(dir, 'one')], dir);
    const port = await freePort();
    const log = await torchrun(2, [`--master_port=${port}`, script, '--out', join(dir, 'two')], dir);
    assert.match(log, /global batch 16 = 8 per rank x 2 ranks, on cpu x 2/);
    const one = readRecord(join(dir, 'one')),
      two = readRecord(join(dir, 'two'));
    assert.equal((two.start as Record<string, unknown>).worldSize, 2);
    assert.equal(two.start.device, 'pytorch cpu x 2');
    assert.equal(two.end?.status, one.end?.status);
    assert.equal(two.steps.length, one.steps.length);
    const finalLoss = one.end?.final?.loss ?? NaN;
    assert.ok(finalLoss < 0.05, `one process reached loss ${finalLoss}`);
    one.steps.forEach((s, i) => {
      const rel = Math.abs(s.loss - two.steps[i]!.loss) / Math.abs(s.loss);
      assert.ok(rel <= DDP_REL, `step ${s.step}: one process ${s.loss}, two ${two.steps[i]!.loss}`);
    });
    const metric = (r: typeof one) => r.end?.final?.train_accuracy;
    assert.equal(metric(two), metric(one));
  });
});

// Fashion-MNIST's MLP has dropout: the two ranks draw their own masks, so the runs part ways
// step by step and only land in the same place. After 300 steps (19,200 examples) the validation
// loss agrees within 5 % relative and the validation accuracy within 2 points.
const FASHION_STEPS = 300;
const FASHION_LOSS_REL = 0.05;
const FASHION_ACC = 0.02;

describe('PyTorch export under torchrun: Fashion-MNIST', function () {
  this.timeout(900_000);

  it(`fashion-mlp.mlab: 2 ranks (gloo) reach one process's validation loss within ${FASHION_LOSS_REL * 100} % after ${FASHION_STEPS} steps`, async () => {
    const { dir, script } = writeScript(planOf('fashion-mlp.mlab'));
    const steps = ['--max-steps', String(FASHION_STEPS)];
    await python([script, ...steps, '--out', join(dir, 'one')], dir, 600_000);
    const port = await freePort();
    const log = await torchrun(2, [`--master_port=${port}`, script, ...steps, '--out', join(dir, 'two')], dir, 600_000);
    assert.match(log, /global batch 64 = 32 per rank x 2 ranks, on cpu x 2/);
    const one = readRecord(join(dir, 'one')),
      two = readRecord(join(dir, 'two'));
    assert.equal(two.steps.length, FASHION_STEPS);
    const m1 = one.epochs.at(-1)!.metrics,
      m2 = two.epochs.at(-1)!.metrics;
    assert.ok(m1.val_loss! < 0.8, `one process's val_loss ${m1.val_loss} (it should have learned: ln 10 is 2.3)`);
    const rel = Math.abs(m1.val_loss! - m2.val_loss!) / m1.val_loss!;
    assert.ok(rel <= FASHION_LOSS_REL, `val_loss: one process ${m1.val_loss}, two ranks ${m2.val_loss}`);
    assert.ok(Math.abs(m1.val_accuracy! - m2.val_accuracy!) <= FASHION_ACC, `val_accuracy ${m1.val_accuracy} vs ${m2.val_accuracy}`);
  });
});

describe('model-lab export --format pytorch', () => {
  const ROOT = resolve(__dirname, '../../..');
  const cli = (cwd: string, ...args: string[]) =>
    spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });

  it('writes train_NAME.py with both commands in its header; refuses what it cannot express by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlab-ptcli-'));
    const r = cli(dir, 'export', join(SAMPLES, 'moons.mlab'), '--format', 'pytorch');
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(join(dir, 'train_classifier.py'), 'utf8');
    assert.match(text, /^#!\/usr\/bin\/env python3/);
    assert.match(text, /python3 train_classifier\.py/);
    assert.match(text, /torchrun --nproc_per_node=N train_classifier\.py/);
    assert.match(text, /self\.dense_1 = Params\(dict\(weight=\(2, 16\), bias=\(16,\)\)/);
    const pooled = join(dir, 'pooled.mlab');
    writeFileSync(
      pooled,
      'data b {\n  source: images("shapes")\n}\n' +
        'model p(input [1, 4, 4]) {\n  avgpool 2 pad 1\n  flatten\n  dense 2\n}\ntrain p on b {\n  loss: cross_entropy\n  epochs: 1\n}\n',
    );
    const bad = cli(dir, 'export', pooled, '--format', 'pytorch', '--out', 'p.py');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /model 'p': avgpool with padding is not supported by the PyTorch export yet/);
  });
});
