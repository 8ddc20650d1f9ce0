// `model-lab train` as a process, with real signals: Ctrl-C and SIGTERM stop it within a step
// with a checkpoint and a "stopped" record; a second Ctrl-C quits at once; SIGKILL at seeded
// random moments loses no run: every record stays readable and --resume finishes the run with
// the same steps, bit for bit, as a run never interrupted.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCommand } from '../../../src/cli/train';
import { readRunRecord } from '../../../src/engine/io/read-record';
import { Rng } from '../../../src/engine/rng';

const XOR = (epochs: number) => `data xor {
  source: synthetic(xor, size 120, noise 0.05)
}

model net(input [2]) {
  dense 8 tanh
  dropout 0.1
  dense 1 sigmoid
}

train net on xor {
  loss: binary_cross_entropy
  optimizer: adam lr 0.05
  epochs: ${epochs}
  batch: 16
  metrics: accuracy
  seed: 1
}
`;

const quiet = { out: () => {}, err: () => {} };

function cli(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', ...args, '--device', 'cpu'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  for (const t0 = Date.now(); !ok(); await sleep(20)) if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
}
const hasCheckpoint = (dir: string) => existsSync(join(dir, 'checkpoint.safetensors')) && statSync(join(dir, 'record.jsonl')).size > 2000;
const weightsOf = (dir: string) => readFileSync(join(dir, 'weights.safetensors'));

describe('cli: model-lab train under signals', function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'mlab-signals-'));
  const file = join(root, 'xor.mlab');
  writeFileSync(file, XOR(6000)); // long enough (48,000 steps) that three kills, each after the record grew, land before the end even on an idle machine
  const straight = join(root, 'straight');

  before(async () => {
    assert.equal(await trainCommand.run([file, '--out', straight, '--quiet', '--device', 'cpu'], quiet), 0);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops within a step, saves a checkpoint, ends the record "stopped", exits ${code}; --resume finishes it bit for bit`, async () => {
      const dir = join(root, signal);
      const run = cli([file, '--out', dir, '--quiet']);
      await until('a checkpoint', () => existsSync(join(dir, 'record.jsonl')) && hasCheckpoint(dir));
      const sent = Date.now();
      run.child.kill(signal);
      const r = await run.done;
      assert.equal(r.code, code, r.out);
      assert.ok(Date.now() - sent < 3000, `took ${Date.now() - sent} ms to stop`);
      assert.match(r.out, /stopping after this step/);
      const rec = readRunRecord(dir);
      assert.equal(rec.end?.status, 'stopped');
      assert.ok(rec.end!.steps! < 12_000, 'stopped before the end');
      const resumed = cli([file, '--resume', dir, '--quiet']);
      const r2 = await resumed.done;
      assert.equal(r2.code, 0, r2.out);
      const after = readRunRecord(dir);
      assert.equal(after.end?.status, 'completed');
      assert.deepEqual(after.steps, readRunRecord(straight).steps);
      assert.ok(weightsOf(dir).equals(weightsOf(straight)));
    });
  }

  it('a second Ctrl-C quits at once with 130', async () => {
    const dir = join(root, 'twice');
    const run = cli([file, '--out', dir, '--quiet']);
    await until('a checkpoint', () => existsSync(join(dir, 'record.jsonl')) && hasCheckpoint(dir));
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 130, r.out);
  });

  it('SIGKILL at seeded random moments, then --resume, again and again: no run lost, every record readable, the run finishes as if never killed', async () => {
    const dir = join(root, 'killed'),
      rng = new Rng(2026);
    let args = [file, '--out', dir, '--quiet', '--checkpoint-every', '0.05'];
    for (let kill = 0; kill < 3; kill++) {
      const run = cli(args);
      const before = existsSync(join(dir, 'record.jsonl')) ? statSync(join(dir, 'record.jsonl')).size : 0;
      await until(
        'training to go on',
        () => existsSync(join(dir, 'record.jsonl')) && statSync(join(dir, 'record.jsonl')).size > before + 2000 && hasCheckpoint(dir),
      );
      await sleep(rng.int(300));
      run.child.kill('SIGKILL');
      const r = await run.done;
      assert.equal(r.signal, 'SIGKILL', `kill ${kill + 1} came after the run ended: ${r.out}`);
      const rec = readRunRecord(dir); // readable: at most a cut last line, left out
      assert.equal(rec.end, null);
      args = [file, '--resume', dir, '--quiet', '--checkpoint-every', '0.05'];
    }
    const last = await cli(args).done;
    assert.equal(last.code, 0, last.out);
    const rec = readRunRecord(dir);
    assert.equal(rec.end?.status, 'completed');
    assert.equal(rec.marks.filter((m) => m.type === 'resumed').length, 3);
    assert.deepEqual(rec.steps, readRunRecord(straight).steps);
    assert.ok(weightsOf(dir).equals(weightsOf(straight)));
  });
});
