// The record's `sample` line: written by the run record writer with its text, read back through
// the one schema (run-record.ts), dropped with the lines after a resumption's step, and refused
// with the file, line and field named when it is malformed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunRecord } from '../../../src/engine/io/read-record';
import { RunRecordWriter, sampleText } from '../../../src/engine/io/record-file';
import { SampleLine } from '../../../src/engine/io/run-record';

const START = { type: 'start', model: 'lm', config: { epochs: 2, batch: 4, seed: 1, optimizer: {}, loss: {} } };
const TOKENIZER = {
  format: 'model-lab-tokenizer',
  version: 1,
  options: { kind: 'char' },
  tokens: ['<pad>', '<unk>', 'a', 'b', ' '],
} as const;

describe('run record: sample lines', () => {
  it('round-trips through the writer and the reader, the text decoded by the run tokenizer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlab-sample-'));
    try {
      const w = new RunRecordWriter(dir, { tokenizer: TOKENIZER as never });
      w.sample({ epoch: 1, step: 5, ids: [2, 3, 4, 2], temperature: 0.5, seed: 7 });
      const line = JSON.parse(readFileSync(join(dir, 'record.jsonl'), 'utf8').trim()) as Record<string, unknown>;
      assert.deepEqual(line, { type: 'sample', epoch: 1, step: 5, ids: [2, 3, 4, 2], temperature: 0.5, seed: 7, text: 'ab a' });
      assert.equal(SampleLine.parse(line).text, 'ab a');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(sampleText([3, 2], {}), '3 2', 'a run without a tokenizer keeps the ids');
  });

  it('reads samples in order; a resumption drops the ones after its step; a bad line is named', () => {
    const sample = (epoch: number, step: number) => ({ type: 'sample', epoch, step, ids: [2], temperature: 1, seed: 1, text: 'a' });
    const text = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n');
    const r = parseRunRecord(text([START, sample(1, 4), sample(2, 8), { type: 'resumed', step: 4 }, sample(2, 8)]), 'r.jsonl');
    assert.deepEqual(
      r.samples.map((s) => [s.epoch, s.step, s.text]),
      [
        [1, 4, 'a'],
        [2, 8, 'a'],
      ],
    );
    assert.throws(() => parseRunRecord(text([START, { ...sample(1, 4), ids: 'ab' }]), 'r.jsonl'), /r\.jsonl:2: sample ids/);
  });
});
