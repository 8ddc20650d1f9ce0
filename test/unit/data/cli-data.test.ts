// Data through the CLI: a csv sample trains, an image folder trains with augmentation and its
// statistics land in the run record, and data errors are user errors with the block's line.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCommand } from '../../../src/cli/train';
import { fixture } from './helpers';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const out = mkdtempSync(join(tmpdir(), 'mlab-data-cli-'));

async function run(args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await trainCommand.run([...args, '--device', 'cpu', '--quiet'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

const record = (dir: string) =>
  readFileSync(join(dir, 'record.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('data through the CLI', () => {
  it('iris.mlab (csv, standardised) reaches 90% test accuracy', async function () {
    this.timeout(30000);
    const { code, text } = await run([join(SAMPLES, 'iris.mlab'), '--out', join(out, 'iris')]);
    assert.equal(code, 0, text);
    const lines = record(join(out, 'iris'));
    assert.ok(lines.at(-1).final.test_accuracy >= 0.9, JSON.stringify(lines.at(-1).final));
    const stats = lines[0].dataStats;
    assert.deepEqual(stats.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(stats.sizes, { train: 90, val: 30, test: 30 });
    assert.equal(stats.normalizer.method, 'standardize');
    assert.equal(stats.normalizer.shift.length, 4);
  });

  it('an image folder trains with augmentation; the record keeps the data statistics and hash', async function () {
    this.timeout(30000);
    const { code, text } = await run([fixture('tiny-images.mlab'), '--out', join(out, 'img')]);
    assert.equal(code, 0, text);
    const start = record(join(out, 'img'))[0];
    assert.equal(start.dataStats.kind, 'images');
    assert.deepEqual(start.dataStats.inputShape, [3, 4, 4]);
    assert.match(start.dataStats.contentHash, /^[0-9a-f]{16}$/);
  });

  it('a data path outside the workspace and a missing file are user errors (exit 1) at the data block', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlab-ws-'));
    mkdirSync(join(ws, 'exp'));
    const body = (path: string) =>
      `data d {\n  source: csv("${path}", target: y)\n}\n\nmodel m(input [2]) {\n  dense 2\n}\n\ntrain m on d {\n  loss: cross_entropy\n}\n`;
    writeFileSync(join(ws, 'exp', 'out.mlab'), body('../../secret.csv'));
    writeFileSync(join(ws, 'exp', 'none.mlab'), body('none.csv'));
    await assert.rejects(
      run([join(ws, 'exp', 'out.mlab'), '--out', join(out, 'x')]),
      /out.mlab:1: data d: '..\/..\/secret.csv' is outside the workspace/,
    );
    await assert.rejects(
      run([join(ws, 'exp', 'none.mlab'), '--out', join(out, 'y')]),
      /none.mlab:1: data d: cannot read 'none.csv': no such file/,
    );
  });
});
