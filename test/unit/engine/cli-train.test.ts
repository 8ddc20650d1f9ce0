// `model-lab train` through its command object (main.ts runs the process on import).

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, type CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';

const XOR = `data xor {
  source: synthetic(xor, size 120, noise 0.05)
}

model net(input [2]) {
  dense 8 tanh
  dense 1 sigmoid
}

train net on xor {
  loss: binary_cross_entropy
  optimizer: adam lr 0.05
  epochs: 40
  batch: 16
  metrics: accuracy
  seed: 1
}
`;

function io(): CliIO & { lines: string[]; errs: string[] } {
  const lines: string[] = [],
    errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l) };
}

describe('cli: model-lab train', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlab-cli-'));
  const file = join(dir, 'xor.mlab');
  writeFileSync(file, XOR);

  it('trains, prints a summary, writes record, weights and loss curve; --init-from resumes', async () => {
    const out = join(dir, 'run');
    const t = io();
    assert.equal(await trainCommand.run([file, '--out', out, '--quiet'], t), 0);
    assert.match(t.lines.join('\n'), /net: (completed|threshold).*\n.*train_accuracy 1\.0000/);
    for (const f of ['record.jsonl', 'init.safetensors', 'weights.safetensors', 'loss.svg']) assert.ok(existsSync(join(out, f)), f);
    const end = JSON.parse(readFileSync(join(out, 'record.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    assert.equal(end.type, 'end');
    const t2 = io();
    assert.equal(
      await trainCommand.run(
        [file, '--out', join(dir, 'run2'), '--epochs', '1', '--init-from', join(out, 'weights.safetensors'), '--quiet'],
        t2,
      ),
      0,
    );
    const start = JSON.parse(readFileSync(join(dir, 'run2', 'record.jsonl'), 'utf8').split('\n')[0]!);
    assert.equal(start.config.epochs, 1);
    assert.match(start.initFrom, /weights\.safetensors$/);
  });

  it('--device webgpu without an adapter exits 1, naming the train block and why', async () => {
    // A process of its own whose Vulkan loader is pointed at no driver: Dawn finds no adapter.
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'train', file, '--device', 'webgpu'], {
      env: { ...process.env, VK_ICD_FILENAMES: join(dir, 'no-such-driver.json') },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 1, err);
    assert.match(err, /xor\.mlab:10: WebGPU is not available: .*--device cpu/);
  });

  it('a file with errors exits 1, naming file and line', async () => {
    const bad = join(dir, 'bad.mlab');
    writeFileSync(bad, XOR.replace('dense 8 tanh', 'dense eight tanh'));
    const t = io();
    assert.equal(await trainCommand.run([bad], t), 1);
    assert.match(t.errs.join('\n'), /bad\.mlab:6:\d+: error/);
  });

  it('bad arguments and weights that do not fit are user errors', async () => {
    await assert.rejects(Promise.resolve(trainCommand.run([file, '--epochs', 'many'], io())), UserError);
    await assert.rejects(Promise.resolve(trainCommand.run([file, '--model', 'nope'], io())), UserError);
    const w = join(dir, 'junk.safetensors');
    writeFileSync(w, 'not a safetensors file at all');
    await assert.rejects(Promise.resolve(trainCommand.run([file, '--init-from', w, '--out', join(dir, 'r3')], io())), UserError);
  });

  it('a killed process leaves a readable record', async function () {
    this.timeout(30000);
    const long = join(dir, 'long.mlab');
    writeFileSync(long, XOR.replace('epochs: 40', 'epochs: 100000'));
    const out = join(dir, 'killed');
    const main = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'train', long, '--out', out, '--quiet'], { stdio: 'ignore' });
    const record = join(out, 'record.jsonl');
    const deadline = Date.now() + 25000;
    while (Date.now() < deadline && !(existsSync(record) && readFileSync(record, 'utf8').split('\n').length > 60))
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const lines = readFileSync(record, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    assert.ok(lines.length > 60, `only ${lines.length} lines`);
    const objs = lines.map((l) => JSON.parse(l));
    assert.equal(objs[0].type, 'start');
    assert.ok(objs.some((o) => o.type === 'epoch'));
    assert.ok(!objs.some((o) => o.type === 'end'));
  });
});
