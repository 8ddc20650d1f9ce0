// The Runs tree reads each record's first and last lines only; check it on real records.
import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunSummary } from '../../src/engine/io/run-summary';
import { keyMetric } from '../../src/extension/run-records';

const line = (o: object) => JSON.stringify(o) + '\n';

describe('run records for the Runs tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-records-'));

  it('reads start and end of a long record without loading it whole', () => {
    const dir = join(root, 'done');
    const path = join(dir, 'record.jsonl');
    mkdirSync(dir);
    writeFileSync(path, line({ type: 'start', file: '/w/a.mlab', model: 'mlp', time: '2026-11-23T05:00:00Z', device: 'cpu' }));
    for (let i = 0; i < 5000; i++) appendFileSync(path, line({ type: 'step', step: i + 1, epoch: 1, loss: 0.5 }));
    appendFileSync(path, line({ type: 'end', status: 'early_stopped', message: 'patience', final: { loss: 0.2, val_accuracy: 0.9134 } }));
    const s = readRunSummary(dir)!;
    assert.deepEqual([s.file, s.model, s.device, s.status, s.message], ['/w/a.mlab', 'mlp', 'cpu', 'early_stopped', 'patience']);
    assert.equal(keyMetric(s.final), 'val acc 91.3%');
  });

  it('calls a record without an end line running, even when its last line was cut by a crash', () => {
    const dir = join(root, 'killed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'record.jsonl'), line({ type: 'start', file: 'f', model: 'm', time: 't', device: 'webgpu' }) + '{"type":"st');
    const s = readRunSummary(dir)!;
    assert.equal(s.status, 'running');
    assert.deepEqual(s.final, {});
  });

  it('skips folders that are not runs', () => {
    assert.equal(readRunSummary(join(root, 'nothing-here')), null);
  });

  it('prefers test, then val, then train accuracy, then losses', () => {
    assert.equal(keyMetric({ train_accuracy: 0.5, test_accuracy: 0.75 }), 'test acc 75.0%');
    assert.equal(keyMetric({ loss: 0.123456, val_loss: 0.25 }), 'val_loss 0.250');
    assert.equal(keyMetric({}), '');
  });
});
