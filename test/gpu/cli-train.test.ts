// `model-lab train --device webgpu` on a real Dawn device: the samples reach the same results as
// on the CPU, and the record says where they trained.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { trainCommand } from '../../src/cli/train';
import { deviceOrSkip } from './dawn';

const io = (): CliIO & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
};
const record = (dir: string) =>
  readFileSync(join(dir, 'record.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('cli: model-lab train on WebGPU (Dawn)', function () {
  const out = mkdtempSync(join(tmpdir(), 'mlab-gpu-cli-'));
  before(async function () {
    await deviceOrSkip(this);
  });

  for (const [sample, metric, atLeast] of [
    ['xor', 'train_accuracy', 1],
    ['spiral', 'val_accuracy', 0.95],
  ] as const) {
    it(`trains samples/${sample}.mlab to ${metric} ≥ ${atLeast}`, async () => {
      const dir = join(out, sample);
      const t = io();
      assert.equal(
        await trainCommand.run([`samples/${sample}.mlab`, '--device', 'webgpu', '--out', dir, '--quiet'], t),
        0,
        t.lines.join('\n'),
      );
      const lines = record(dir);
      assert.equal(lines[0].device, 'webgpu');
      const end = lines.at(-1);
      assert.equal(end.type, 'end');
      assert.ok(end.final[metric] >= atLeast, `${metric} ${end.final[metric]}`);
    });
  }
});
