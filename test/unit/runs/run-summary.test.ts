// The Runs tree's reading of a record: a start line of any length (the Fashion-MNIST sample's is
// about 78 KB of per-feature statistics), the end from the file's tail, and a run whose process
// is gone shown as interrupted (and resumable once it has a checkpoint).

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunRecord } from '../../../src/engine/io/read-record';
import { readRunSummary } from '../../../src/engine/io/run-summary';
import { compareRecords } from '../../../src/extension/compare/compare-data';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('run summaries: records of any size, interrupted runs', function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'mlab-summary-'));

  it("lists the Fashion-MNIST sample's run (a 78 KB start line): stopped by SIGTERM, resumable; without its end and its process, interrupted", async () => {
    const dir = join(root, 'fashion');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'train', 'samples/fashion-mlp.mlab', '--out', dir, '--device', 'cpu', '--quiet'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const record = join(dir, 'record.jsonl');
    for (const t0 = Date.now(); !(existsSync(record) && readFileSync(record, 'utf8').includes('"type":"step"')); await sleep(50)) {
      if (Date.now() - t0 > 90_000) throw new Error('the run never started');
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 143);
    const text = readFileSync(record, 'utf8'),
      first = text.slice(0, text.indexOf('\n'));
    assert.ok(first.length > 64 * 1024, `start line ${first.length} bytes`);
    assert.equal(JSON.parse(first).pid, child.pid);
    assert.equal(JSON.parse(first).host, hostname());
    const s = readRunSummary(dir)!;
    assert.deepEqual([s.model, s.device, s.status, s.resumable], ['mlp', 'cpu', 'stopped', true]);
    assert.match(s.file, /fashion-mlp\.mlab$/);
    assert.equal(readRunRecord(dir).start.model, 'mlp'); // Compare reads it whole

    const killed = join(root, 'fashion-killed');
    cpSync(dir, killed, { recursive: true });
    const lines = text.trimEnd().split('\n');
    writeFileSync(join(killed, 'record.jsonl'), lines.slice(0, -1).join('\n') + '\n');
    const mtime = statSync(join(killed, 'record.jsonl')).mtimeMs;
    assert.equal(readRunSummary(killed, mtime + 1000)!.status, 'running', 'just written: maybe still alive');
    const gone = readRunSummary(killed, mtime + 6000)!;
    assert.deepEqual([gone.status, gone.resumable], ['interrupted', true]);
    // Compare reads the whole record and says the same.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(killed, 'record.jsonl'), old, old);
    assert.match(compareRecords([readRunRecord(killed)]).show.runs[0]!.detail, /^interrupted · cpu · fashion-killed/);
  });

  it('a record without an end whose writer lives is running; one without a pid, still for long, is interrupted', () => {
    const dir = join(root, 'live');
    cpSync(join(root, 'fashion-killed'), dir, { recursive: true });
    const path = join(dir, 'record.jsonl');
    const text = readFileSync(path, 'utf8'),
      nl = text.indexOf('\n');
    const start = { ...JSON.parse(text.slice(0, nl)), pid: process.pid };
    writeFileSync(path, JSON.stringify(start) + text.slice(nl));
    const mtime = statSync(path).mtimeMs;
    assert.equal(readRunSummary(dir, mtime + 6000)!.status, 'running');
    delete start.pid;
    writeFileSync(path, JSON.stringify(start) + text.slice(nl));
    assert.equal(readRunSummary(dir, statSync(path).mtimeMs + 6000)!.status, 'running');
    assert.equal(readRunSummary(dir, statSync(path).mtimeMs + 11 * 60_000)!.status, 'interrupted');
  });
});
