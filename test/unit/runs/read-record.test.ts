// Reading a whole run record back: real records written by `model-lab train`, and the broken ones
// a crash or a hand edit leaves.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';
import { parseRunRecord, readRunRecord, RecordError } from '../../../src/engine/io/read-record';

const XOR = `data xor {
  source: synthetic(xor, size 64, noise 0.05)
  split: val 0.25
}

model net(input [2]) {
  dense 8 tanh
  dense 1 sigmoid
}

train net on xor {
  loss: binary_cross_entropy
  optimizer: adam lr 0.05
  epochs: 3
  batch: 16
  metrics: accuracy
  seed: 2
}
`;

const quiet: CliIO = { out: () => {}, err: () => {} };
const line = (o: object) => JSON.stringify(o) + '\n';
const START = { type: 'start', model: 'm', config: { epochs: 1, batch: 4, seed: 0, optimizer: { kind: 'sgd' }, loss: { kind: 'mse' } } };

describe('reading a whole run record', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-read-record-'));

  it('reads every line of a record the trainer wrote: start, steps, epochs, end', async () => {
    const file = join(root, 'xor.mlab');
    writeFileSync(file, XOR);
    const dir = join(root, 'run');
    assert.equal(await trainCommand.run([file, '--out', dir, '--quiet', '--device', 'cpu'], quiet), 0);
    const r = readRunRecord(dir);
    // 48 training examples in batches of 16: 3 steps an epoch, 3 epochs.
    assert.equal(r.start.model, 'net');
    assert.equal(r.start.config.seed, 2);
    assert.equal(r.start.graph?.name, 'net');
    assert.equal(r.start.data?.name, 'xor');
    assert.deepEqual(
      r.steps.map((s) => s.step),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      r.epochs.map((e) => [e.epoch, e.step]),
      [
        [1, 3],
        [2, 6],
        [3, 9],
      ],
    );
    assert.equal(r.end?.status, 'completed');
    assert.equal(r.truncated, false);
    // Against the file's own text, read independently.
    const lines = readFileSync(join(dir, 'record.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      r.steps.map((s) => s.loss),
      lines.filter((l) => l.type === 'step').map((l) => l.loss),
    );
    assert.deepEqual(r.end?.final, lines.at(-1).final);
  });

  it('drops a last line cut by a crash and reads the run as unfinished', () => {
    const text = line(START) + line({ type: 'step', step: 1, epoch: 1, loss: 0.5 }) + '{"type":"step","st';
    const r = parseRunRecord(text, '/runs/a/record.jsonl');
    assert.equal(r.steps.length, 1);
    assert.equal(r.end, null);
    assert.equal(r.truncated, true);
  });

  it('reads back the non-finite numbers the writer stores as strings', () => {
    const text =
      line(START) +
      line({ type: 'step', step: 1, epoch: 1, loss: 'NaN' }) +
      line({ type: 'end', status: 'diverged', final: { loss: 'Infinity' } });
    const r = parseRunRecord(text, 'record.jsonl');
    assert.ok(Number.isNaN(r.steps[0]!.loss));
    assert.equal(r.end?.final?.loss, Infinity);
  });

  it('reads learning-rate, pause and resume marks', () => {
    const text =
      line(START) + line({ type: 'lr', step: 3, lr: 0.1 }) + line({ type: 'pause', step: 4 }) + line({ type: 'lr', step: 5, lr: null });
    const r = parseRunRecord(text, 'record.jsonl');
    assert.deepEqual(
      r.marks.map((m) => [m.type, m.step, m.lr]),
      [
        ['lr', 3, 0.1],
        ['pause', 4, undefined],
        ['lr', 5, null],
      ],
    );
  });

  it('names the file and line of a malformed line in the middle', () => {
    const text = line(START) + '{not json\n' + line({ type: 'step', step: 2, epoch: 1, loss: 1 });
    assert.throws(
      () => parseRunRecord(text, '/w/record.jsonl'),
      (e: Error) => e instanceof RecordError && e.message === '/w/record.jsonl:2: not a JSON line',
    );
  });

  it('names the field of a line with a wrong value', () => {
    const text = line(START) + line({ type: 'step', step: 1, epoch: 1, loss: 'low' }) + line({ type: 'step', step: 2, epoch: 1, loss: 1 });
    assert.throws(() => parseRunRecord(text, 'r.jsonl'), /^RecordError: r\.jsonl:2: step loss: /);
  });

  it('refuses a file that does not begin with a start line, or is empty', () => {
    assert.throws(
      () => parseRunRecord(line({ type: 'step', step: 1, epoch: 1, loss: 1 }), 'r.jsonl'),
      /r\.jsonl:1: a run record begins with its 'start' line, found 'step'/,
    );
    assert.throws(() => parseRunRecord('\n\n', 'r.jsonl'), /r\.jsonl: the run record is empty/);
    assert.throws(() => parseRunRecord('garbage', 'r.jsonl'), /r\.jsonl:1: not a JSON line \(is this a Model Lab run record\?\)/);
    assert.throws(() => parseRunRecord(line({ type: 'start', model: 'm' }), 'r.jsonl'), /r\.jsonl:1: start config: /);
  });

  it('refuses lines after the end', () => {
    const text = line(START) + line({ type: 'end', status: 'completed' }) + line({ type: 'step', step: 1, epoch: 1, loss: 1 });
    assert.throws(() => parseRunRecord(text, 'r.jsonl'), /r\.jsonl:3: a 'step' line after the run's 'end'/);
  });

  it('names the missing file', () => {
    const dir = join(root, 'empty-folder');
    mkdirSync(dir);
    assert.throws(
      () => readRunRecord(dir),
      (e: Error) => e instanceof RecordError && e.message.startsWith(`${join(dir, 'record.jsonl')}: cannot read the run record`),
    );
  });
});
