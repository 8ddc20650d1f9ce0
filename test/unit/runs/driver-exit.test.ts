// A run driver that has finished its run must not keep the process alive: its tick channel (an
// open MessageChannel port with a listener) lives only while a run does. The child process
// (driver-exit-child.ts) trains a tiny run through a driver and then returns from everything.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** How long after its run ended the child may take to exit (a held port keeps it alive forever). */
const EXIT_WITHIN_MS = 3000;

describe('protocol: a run driver after its run', function () {
  this.timeout(60_000);

  it('lets the process exit by itself once the run has ended', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'driver-exit-child.ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let endedAt = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const overdue = new Promise<'overdue'>((resolve) =>
      child.stdout.on('data', (d) => {
        out += d;
        if (endedAt) return;
        endedAt = Date.now();
        timer = setTimeout(() => resolve('overdue'), EXIT_WITHIN_MS);
      }),
    );
    const first = await Promise.race([exited, overdue]);
    clearTimeout(timer);
    if (first === 'overdue') child.kill('SIGKILL');
    assert.notEqual(first, 'overdue', `the child was still alive ${EXIT_WITHIN_MS} ms after its run ended`);
    assert.equal(first, 0, out);
    assert.match(out, /^runEnded [1-9]\d*$/m, 'the run trained its steps to its end');
  });
});
