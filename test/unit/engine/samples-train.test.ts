// The samples with synthetic data train from the CLI to the results people expect, in seconds.

import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCommand } from '../../../src/cli/train';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

function ends(dir: string): Record<string, number>[] {
  const runs = existsSync(join(dir, 'record.jsonl')) ? [dir] : ['1', '2', '3'].map((d) => join(dir, d));
  return runs.map((r) => {
    const end = JSON.parse(readFileSync(join(r, 'record.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    assert.equal(end.type, 'end');
    return end.final as Record<string, number>;
  });
}

// sample, metric, at least (every run of a sweep)
const CASES: [string, string, number][] = [
  ['xor', 'train_accuracy', 1],
  ['spiral', 'val_accuracy', 0.95],
  ['binary', 'val_accuracy', 0.97],
  ['moons', 'val_accuracy', 0.97],
  ['regression', 'val_r2', 0.8],
];

describe('samples train from the CLI', () => {
  const out = mkdtempSync(join(tmpdir(), 'mlab-samples-'));
  for (const [name, metric, atLeast] of CASES) {
    it(`${name}.mlab: ${metric} >= ${atLeast}`, async function () {
      this.timeout(30000);
      const file = join(SAMPLES, `${name}.mlab`);
      assert.ok(existsSync(file), `samples/${name}.mlab is missing: a sample this test names must exist`);
      const lines: string[] = [];
      const code = await trainCommand.run([file, '--out', join(out, name), '--quiet'], {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
      });
      assert.equal(code, 0, lines.join('\n'));
      for (const final of ends(join(out, name))) assert.ok(final[metric]! >= atLeast, `${metric} ${final[metric]}\n${lines.join('\n')}`);
    });
  }
});
