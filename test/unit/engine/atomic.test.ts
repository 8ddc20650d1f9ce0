// Every file of a run is written atomically (engine/io/atomic.ts), and a write that fails says
// which file, keeps the original error as its cause, and leaves no half-written file behind.
// The first tests inject the failure through a mock of the fs calls (our own logic); the last
// fills a real 64 KiB tmpfs (Linux, as root) with a real `model-lab train`.

import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunFileError, writeFileAtomic, type AtomicFs } from '../../../src/engine/io/atomic';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('engine: atomic run files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlab-atomic-'));

  it('replaces the file whole and leaves no temporary file', () => {
    const path = join(dir, 'weights.safetensors');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
    assert.deepEqual(readdirSync(dir), ['weights.safetensors']);
  });

  for (const failing of ['writeSync', 'fsyncSync', 'renameSync'] as const) {
    it(`a failing ${failing} (mocked fs: a full disk) names the file, keeps the cause, keeps the old file, removes the temporary one`, () => {
      const path = join(dir, `${failing}.safetensors`);
      writeFileSync(path, 'old contents');
      const mock: AtomicFs = {
        ...fs,
        [failing]: () => {
          throw enospc();
        },
      };
      assert.throws(
        () => writeFileAtomic(path, 'new contents that do not fit', mock),
        (e: unknown) => {
          assert.ok(e instanceof RunFileError);
          assert.equal(e.path, path);
          assert.match(e.message, new RegExp(`cannot write ${path.replace(/[.]/g, '\\.')}: the disk is full \\(ENOSPC\\)`));
          assert.equal((e.cause as NodeJS.ErrnoException).code, 'ENOSPC');
          return true;
        },
      );
      assert.equal(readFileSync(path, 'utf8'), 'old contents');
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.endsWith('.tmp')),
        [],
      );
    });
  }

  it('a cleanup that fails too does not hide the first error', () => {
    const mock: AtomicFs = {
      ...fs,
      writeSync: () => {
        throw enospc();
      },
      rmSync: () => {
        throw new Error('EIO while cleaning up');
      },
    };
    assert.throws(() => writeFileAtomic(join(dir, 'x.bin'), 'data', mock), /the disk is full/);
  });

  it('model-lab train on a full disk (a real 64 KiB tmpfs): exit 1, the file named, the cause kept, no temporary file left', function () {
    this.timeout(60_000);
    const mnt = mkdtempSync(join(tmpdir(), 'mlab-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      this.skip(); // not root, or no mount: the mocked tests above still ran
    }
    try {
      const file = join(mnt, '..', `${mnt.split('/').pop()}.mlab`);
      writeFileSync(
        file,
        'data d {\n  source: synthetic(xor, size 64)\n}\n' +
          'model m(input [2]) {\n  dense 4 tanh\n  dense 1 sigmoid\n}\n' +
          'train m on d {\n  loss: binary_cross_entropy\n  optimizer: adam lr 0.01\n  epochs: 2000\n  batch: 8\n}\n',
      );
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'train', file, '--out', join(mnt, 'run'), '--device', 'cpu', '--quiet'],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /model-lab train: cannot write .*mlab-full-.*\/run\/[^ ]+: the disk is full \(ENOSPC\)/);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.ts:\d+/, 'no stack trace');
      assert.deepEqual(
        readdirSync(join(mnt, 'run')).filter((n) => n.endsWith('.tmp')),
        [],
      );
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
