// `model-lab train --resume` refuses what it cannot continue exactly: a finished run, a run
// without a checkpoint, data that changed since (the recorded data spec is used, so a changed
// file is what can change it); and it keeps the run's own settings.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';

const XOR = () =>
  `data xor {\n  source: csv("xor.csv", target: y)\n}\n` +
  `model net(input [2]) {\n  dense 4 tanh\n  dense 1 sigmoid\n}\n` +
  `train net on xor {\n  loss: binary_cross_entropy\n  optimizer: adam lr 0.05\n  epochs: 3\n  batch: 16\n  seed: 1\n}\n`;
const quiet = { out: () => {}, err: () => {} };

describe('cli: --resume refusals', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-refuse-'));
  const file = join(root, 'xor.mlab');
  /** The data file: 64 XOR points, the last one's label flipped when `changed`. */
  const csv = (changed: boolean) =>
    'a,b,y\n' +
    Array.from({ length: 64 }, (_, i) => {
      const a = i % 2,
        b = (i >> 1) % 2;
      return `${a + (i % 7) * 0.01},${b},${a ^ b ^ (changed && i === 63 ? 1 : 0)}`;
    }).join('\n') +
    '\n';

  it('refuses a finished run, a run without a checkpoint, and changed data, naming the folder', async () => {
    writeFileSync(file, XOR());
    writeFileSync(join(root, 'xor.csv'), csv(false));
    const done = join(root, 'done');
    assert.equal(await trainCommand.run([file, '--out', done, '--quiet', '--device', 'cpu'], quiet), 0);
    await assert.rejects(
      async () => trainCommand.run([file, '--resume', done, '--quiet'], quiet),
      (e: unknown) => e instanceof UserError && /ended completed; only a stopped or interrupted run can be resumed/.test(e.message),
    );

    // As if killed at once: the record's start line only, no checkpoint yet.
    const early = join(root, 'early');
    assert.equal(await trainCommand.run([file, '--out', early, '--quiet', '--device', 'cpu'], quiet), 0);
    writeFileSync(join(early, 'record.jsonl'), readFileSync(join(early, 'record.jsonl'), 'utf8').split('\n')[0] + '\n');
    rmSync(join(early, 'checkpoint.safetensors'));
    await assert.rejects(async () => trainCommand.run([file, '--resume', early, '--quiet'], quiet), /no checkpoint\.safetensors/);

    // Killed after its checkpoint, then the data block changed.
    const killed = join(root, 'killed');
    assert.equal(await trainCommand.run([file, '--out', killed, '--quiet', '--device', 'cpu'], quiet), 0);
    const lines = readFileSync(join(killed, 'record.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(killed, 'record.jsonl'), lines.slice(0, -1).join('\n') + '\n');
    writeFileSync(join(root, 'xor.csv'), csv(true));
    await assert.rejects(
      async () => trainCommand.run([file, '--resume', killed, '--quiet', '--device', 'cpu'], quiet),
      /not the data this run trained on/,
    );
    writeFileSync(join(root, 'xor.csv'), csv(false));
    assert.equal(await trainCommand.run([file, '--resume', killed, '--quiet', '--device', 'cpu', '--epochs', '50'], quiet), 0);
    const end = JSON.parse(readFileSync(join(killed, 'record.jsonl'), 'utf8').trimEnd().split('\n').at(-1)!);
    assert.deepEqual([end.type, end.status, end.epochs], ['end', 'completed', 3], '--epochs does not change a resumed run');
  });

  it('--checkpoint-every takes seconds, 0 or more', async () => {
    await assert.rejects(
      async () => trainCommand.run([file, '--checkpoint-every', '-1'], quiet),
      /--checkpoint-every must be 0 or more seconds/,
    );
    await assert.rejects(
      async () => trainCommand.run([file, '--checkpoint-every', 'soon'], quiet),
      /--checkpoint-every needs a number, got 'soon'/,
    );
  });
});
