// Runs the real command line (tsx on src/cli/main.ts) on the samples and on broken files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'model-lab-cli-'));
  const broken = join(dir, 'broken.mlab');
  writeFileSync(
    broken,
    'model m(input [2]) {\n  dense 4 relo\n}\n\ndata d {\n  source: synthetic(moons)\n}\n\ntrain m on d {\n  loss: mse\n  optimizer: sgd nesterov\n}\n',
  );

  it('check: prints nothing on stdout and exits 0 for clean samples', () => {
    const r = cli('check', 'samples/xor.mlab', 'samples/cnn.mlab');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /0 errors, 0 warnings in 2 files/);
  });

  it('check: prints file:line:col: severity: message and exits 1 on errors', () => {
    const r = cli('check', broken);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${broken}:2:11: error: dense has no option 'relo'; did you mean 'relu'?`,
      `${broken}:11:3: error: sgd: nesterov needs momentum > 0 and dampening 0 (as in PyTorch)`,
    ]);
  });

  it('check: a missing file is a user error naming the file; the other files are still checked', () => {
    const r = cli('check', 'nope.mlab', 'samples/xor.mlab');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.mlab: cannot read the file: no such file/);
  });

  it('summary: prints the layer table, totals and the memory estimate', () => {
    const r = cli('summary', 'samples/fashion-mlp.mlab');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Model mlp: input \[784\]/);
    assert.match(r.stdout, /dense 512 relu\s+\[512\]\s+401,920\s+401,408/);
    assert.match(r.stdout, /Total params: 535,818/);
    assert.match(r.stdout, /Training memory at batch 64 \(adam, train mlp on fashion\)/);
  });

  it('summary: picks one model, and names a missing one', () => {
    const ok = cli('summary', 'samples/spiral.mlab', 'resnet');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Non-trainable params: 256/);
    const missing = cli('summary', 'samples/spiral.mlab', 'resnt');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /samples\/spiral\.mlab: no model named 'resnt'; did you mean 'resnet'\? \(models: resnet\)/);
  });

  it('summary: a model with errors prints them and exits 1', () => {
    const r = cli('summary', broken);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /model m has errors/);
    assert.match(r.stderr, /broken\.mlab:2:11: error: dense has no option 'relo'/);
  });

  it('--help lists the commands; unknown commands suggest one', () => {
    const help = cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: model-lab COMMAND/);
    assert.match(help.stdout, /check\s+check experiment files/);
    assert.match(cli('check', '--help').stdout, /Usage: model-lab check FILE\.\.\./);
    assert.match(cli('help', 'summary').stdout, /Usage: model-lab summary FILE \[MODEL\]/);
    const unknown = cli('chek');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command 'chek'; did you mean 'check'\?/);
    assert.equal(cli().code, 1);
    assert.equal(cli('check').code, 1);
  });
});
