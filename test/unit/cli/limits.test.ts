// The limits through the real command line: a user error (exit 1) with the message, never an
// internal error (exit 2) or a stack trace.
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

describe('cli: limits', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'model-lab-limits-'));
  const data = 'data d {\n  source: synthetic(moons)\n}\n\ntrain m on d {\n  loss: mse\n}\n';

  it('check: a file nested 2,000 deep exits 1 with the nesting diagnostic', () => {
    const deep = join(dir, 'deep.mlab');
    writeFileSync(deep, `model m(input [4]) {\n${'residual {\n'.repeat(2000)}dense 4\n${'}\n'.repeat(2001)}`);
    const r = cli('check', deep);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout.trim(), `${deep}:65:10: error: blocks nest more than 64 deep here; the limit is 64`);
    assert.doesNotMatch(r.stderr, /internal error|RangeError/);
  });

  it('train: dense 1e9 exits 1 with the memory figures, no stack', () => {
    const big = join(dir, 'big.mlab');
    writeFileSync(big, `model m(input [2]) {\n  dense 1e9 relu\n  dense 1\n}\n\n${data}`);
    const r = cli('train', big, '--device', 'cpu', '--out', join(dir, 'run'));
    // 4e9 + 1 parameters (16 GB) × 4 with adam, plus 32 × (3e9 + 2 + 2) floats of activations = 448e9 B.
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `^model-lab train: ${big.replace(/[.]/g, '\\.')}:10: training m at batch 32 needs 417 GiB ` +
          `\\(weights 14\\.9 GiB, .*\\), limit [0-9.]+ GiB \\(CPU: half of .* of memory, at most 8\\.00 GiB\\): lower batch or width$`,
        'm',
      ),
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('check: dense 1e308 is a diagnostic on the argument', () => {
    const huge = join(dir, 'huge.mlab');
    writeFileSync(huge, `model m(input [2]) {\n  dense 1e308\n}\n`);
    const r = cli('check', huge);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout.trim(),
      `${huge}:2:9: error: dense: units needs a whole number >= 1, got 1e308; the limit is 1,073,741,824 (2^30)`,
    );
  });
});
