// The samples with synthetic data train from the CLI to the results people expect, in seconds.
// The sequence samples take minutes to reach theirs (their comments say the figures), so here
// each trains a short, fast copy of itself and must learn: its loss falls well below where it starts.

import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

interface FastCopy {
  /** Text replacements that make the run short (each must occur in the sample). */
  readonly edits: readonly [string, string][];
  /** Data files copied beside it, cut to their first `chars` characters (0: whole). */
  readonly data: readonly [string, number][];
}

// sample, how the fast copy differs
const SEQUENCE: [string, FastCopy][] = [
  // 2 epochs of 1,350 sums (42 steps); the whole run is 20,000 sums to 99 %.
  [
    'addition',
    {
      edits: [
        ['size 20000', 'size 1500'],
        ['epochs: 10', 'epochs: 2'],
      ],
      data: [],
    },
  ],
  // the first 12,000 characters of Genesis, 3 epochs (18 steps)
  ['char-gpt', { edits: [['epochs: 10', 'epochs: 3']], data: [['data/text/genesis-kjv.txt', 12000]] }],
  // 4 epochs of the 1,600 training reviews (200 steps)
  ['reviews', { edits: [['epochs: 12', 'epochs: 4']], data: [['data/text/reviews.csv', 0]] }],
];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('sequence samples learn from the CLI (a short run of each)', () => {
  const out = mkdtempSync(join(tmpdir(), 'mlab-seq-samples-'));
  for (const [name, fast] of SEQUENCE) {
    it(`${name}.mlab: the last steps' loss is below 80 % of the first steps'`, async function () {
      this.timeout(180000);
      const dir = join(out, name);
      let text = readFileSync(join(SAMPLES, `${name}.mlab`), 'utf8');
      for (const [from, to] of fast.edits) {
        assert.ok(text.includes(from), `samples/${name}.mlab no longer says '${from}': update this test's fast copy`);
        text = text.replace(from, to);
      }
      for (const [file, chars] of fast.data) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        if (chars) writeFileSync(join(dir, file), readFileSync(join(SAMPLES, file), 'utf8').slice(0, chars));
        else copyFileSync(join(SAMPLES, file), join(dir, file));
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.mlab`), text);
      const lines: string[] = [];
      const code = await trainCommand.run([join(dir, `${name}.mlab`), '--out', join(dir, 'run'), '--quiet', '--device', 'cpu'], {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
      });
      assert.equal(code, 0, lines.join('\n'));
      const records = readFileSync(join(dir, 'run', 'record.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; loss?: number });
      const losses = records.filter((r) => r.type === 'step').map((r) => r.loss!);
      assert.ok(losses.length >= 15, `${losses.length} steps`);
      const k = Math.max(3, Math.floor(losses.length / 6));
      const [first, last] = [mean(losses.slice(0, k)), mean(losses.slice(-k))];
      assert.ok(last < 0.8 * first, `loss ${first.toFixed(3)} over the first ${k} steps, ${last.toFixed(3)} over the last`);
    });
  }

  it('recurrent.mlab: in 4 epochs the gru carries the adding problem far below the plain rnn', async function () {
    this.timeout(180000);
    const val: Record<string, number> = {};
    for (const model of ['plain', 'gated']) {
      const lines: string[] = [];
      const run = join(out, `recurrent-${model}`);
      const args = [join(SAMPLES, 'recurrent.mlab'), '--model', model, '--epochs', '4', '--out', run, '--quiet', '--device', 'cpu'];
      const code = await trainCommand.run(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      assert.equal(code, 0, lines.join('\n'));
      val[model] = ends(run)[0]!.val_loss!;
    }
    // predicting the mean scores 1/6; the rnn stays near it, the gru learns the sum
    assert.ok(val.plain! > 0.1 && val.gated! < 0.05, `val_loss rnn ${val.plain}, gru ${val.gated}`);
  });
});
