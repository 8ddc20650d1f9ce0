// train's memory check on a real Dawn device: a run whose largest buffer passes the adapter's
// maxStorageBufferBindingSize is refused before anything is allocated, with both figures.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { UserError } from '../../src/cli/command';
import { trainCommand } from '../../src/cli/train';
import { createBackend } from '../../src/engine/backends/index';
import { formatBytes } from '../../src/graph/memory';
import { deviceOrSkip } from './dawn';

describe('cli: the memory check on WebGPU (Dawn)', function () {
  before(async function () {
    await deviceOrSkip(this);
  });

  it('refuses a parameter buffer larger than the binding size, naming the limit', async () => {
    const { backend } = await createBackend('webgpu');
    const limits = (backend as unknown as { limits: GPUSupportedLimits }).limits;
    const binding = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
    backend.dispose();
    // dense U on input [2] (moons): 3U floats of parameters; U chosen so they pass the binding size by a quarter.
    const units = Math.ceil((1.25 * binding) / 12);
    const dir = mkdtempSync(join(tmpdir(), 'mlab-gpu-mem-'));
    const file = join(dir, 'wide.mlab');
    writeFileSync(
      file,
      `model m(input [2]) {\n  dense ${units}\n}\n\n` +
        `data d {\n  source: synthetic(moons)\n}\n\n` +
        `train m on d {\n  loss: mse\n  batch: 1\n  optimizer: sgd lr 0.1\n}\n`,
    );
    const lines: string[] = [];
    const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    await assert.rejects(
      async () =>
        assert.fail(
          `exit ${await trainCommand.run([file, '--device', 'webgpu', '--out', join(dir, 'run'), '--quiet'], io)}: ${lines.join('\n')}`,
        ),
      (e: unknown) => {
        assert.ok(e instanceof UserError, String(e));
        const which = limits.maxBufferSize <= limits.maxStorageBufferBindingSize ? 'maxBufferSize' : 'maxStorageBufferBindingSize';
        assert.equal(
          e.message,
          `${file}:9: training m at batch 1 needs one buffer of ${formatBytes(4 * 3 * units)}, ` +
            `limit ${formatBytes(binding)} per buffer (WebGPU adapter's ${which}): lower batch or width`,
        );
        return true;
      },
    );
  });
});
