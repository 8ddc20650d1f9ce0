// A text run end to end through the CLI: the tokenizer goes into the run record and tokenizer.json,
// and loadTokenizer gives back one that encodes to the ids the run trained on. Until the embedding
// layer lands, the windows' ids go into a dense model as float values (the pipeline, not the model).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';
import { loadData } from '../../../src/engine/data/load';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { parseRunRecord, RecordError } from '../../../src/engine/io/read-record';
import { loadTokenizer } from '../../../src/engine/io/tokenizer-file';
import { analyze } from '../../../src/lang/analyze';

const SAMPLE_TEXT = resolve(__dirname, '..', '..', '..', 'samples', 'data', 'text', 'genesis-kjv.txt');
const MLAB = `data g {
  source: text("tiny.txt", tokenizer TOKENIZER, window 16)
  split: val 0.1
}

model m(input [16]) {
  dense 32 relu
  dense 16
}

train m on g {
  loss: mse
  optimizer: adam lr 0.01
  epochs: 2
  batch: 32
  seed: 1
}
`;

const quiet = (): CliIO & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
};

describe('data: a text run, its record and its tokenizer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlab-text-'));
  writeFileSync(join(dir, 'package.json'), '{}'); // the workspace root for the CLI
  writeFileSync(join(dir, 'tiny.txt'), readFileSync(SAMPLE_TEXT, 'utf8').slice(0, 20_000));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['char', 'bpe'] as const) {
    it(`model-lab train on ${kind} windows stores the tokenizer; loadTokenizer encodes to the training ids`, async () => {
      const file = join(dir, `${kind}.mlab`),
        out = join(dir, `run-${kind}`);
      writeFileSync(file, MLAB.replace('TOKENIZER', kind));
      const io = quiet();
      assert.equal(await trainCommand.run([file, '--out', out, '--device', 'cpu'], io), 0, io.lines.join('\n'));
      assert.match(io.lines.join('\n'), /m: completed after 2 epochs/);
      assert.ok(existsSync(join(out, 'tokenizer.json')));
      const start = parseRunRecord(readFileSync(join(out, 'record.jsonl'), 'utf8'), join(out, 'record.jsonl')).start;
      assert.equal(start.tokenizer?.options.kind, kind);

      // The training windows as the loader makes them, and the stored tokenizer on the same text.
      const spec = analyze(readFileSync(file, 'utf8')).data[0]!.spec!;
      const loaded = await loadData(spec, 1, { host: nodeDataHost, location: { base: dir, workspace: dir } });
      const stored = loadTokenizer(out);
      assert.equal(stored.size, loaded.tokenizer!.size);
      const text = readFileSync(join(dir, 'tiny.txt'), 'utf8');
      const ids = stored.encode(text).slice(0, 16 * 3);
      assert.deepEqual(ids, [...loaded.splits.train.x.subarray(0, 16 * 3)]);
      assert.equal(stored.decode(ids), text.slice(0, stored.decode(ids).length));

      // Without tokenizer.json the record's start line still has it.
      rmSync(join(out, 'tokenizer.json'));
      assert.deepEqual(loadTokenizer(out).encode(text.slice(0, 100)), stored.encode(text.slice(0, 100)));
    });
  }

  it('a record without a tokenizer (older runs, tables) still reads; loadTokenizer says the run has none', () => {
    const run = join(dir, 'old');
    const line = { type: 'start', version: 1, model: 'm', config: { epochs: 1, batch: 1, seed: 0, optimizer: {}, loss: {} } };
    mkdirSync(run);
    writeFileSync(join(run, 'record.jsonl'), `${JSON.stringify(line)}\n`);
    assert.equal(parseRunRecord(`${JSON.stringify(line)}\n`, 'record.jsonl').start.tokenizer, undefined);
    assert.throws(
      () => loadTokenizer(run),
      (e: Error) => e instanceof RecordError && /has no tokenizer/.test(e.message),
    );
  });
});
