import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { importRunFolder } from '../../../src/engine/io/import-run';
import { RecordError } from '../../../src/engine/io/read-record';

describe('importRunFolder', () => {
  const start = {
    type: 'start',
    time: '2026-01-01T00:00:00Z',
    model: 'm',
    config: { epochs: 1, batch: 1, seed: 0, optimizer: {}, loss: {} },
  };

  it('copies a run folder into runs/, keeping its name and adding -2 on a clash', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlab-imp-'));
    const src = join(root, 'm-20260101');
    mkdirSync(src);
    writeFileSync(join(src, 'record.jsonl'), JSON.stringify(start) + '\n{"type":"step","step":1,"epoch":1,"loss":0.5}\n');
    const runs = join(root, 'ws', '.modellab', 'runs');
    const a = importRunFolder(src, runs),
      b = importRunFolder(src, runs);
    assert.equal(basename(a.dir), 'm-20260101');
    assert.equal(basename(b.dir), 'm-20260101-2');
    assert.deepEqual(
      a.record.steps.map((s) => s.loss),
      [0.5],
    );
  });

  it('refuses a folder whose record is not a run record, naming the line', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlab-imp-'));
    writeFileSync(join(root, 'record.jsonl'), '{"type":"step","step":1}\n');
    assert.throws(
      () => importRunFolder(root, join(root, 'runs')),
      (e: unknown) => e instanceof RecordError && /record\.jsonl:1/.test(e.message),
    );
    assert.throws(() => importRunFolder(join(root, 'nothing'), join(root, 'runs')), RecordError);
  });
});
