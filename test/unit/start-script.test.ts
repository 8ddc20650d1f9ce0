// `npm start` (scripts/start.mjs): the headless VS Code starts on a copy of the samples, prints
// its address, serves the workbench there, and stops cleanly on Ctrl-C (SIGINT).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { missingParts, ROOT } from '../harness/vscode-server';

describe('npm start', function () {
  this.timeout(120_000);

  before(function () {
    const missing = missingParts();
    if (!missing) return;
    if (process.env.CI === 'true') throw new Error(`npm start cannot be tried on CI: ${missing}`);
    console.error(`\n!! npm start test SKIPPED: ${missing}\n`);
    this.skip();
  });

  it('prints the workbench address, serves it, and stops on Ctrl-C, removing its copy of the samples', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address within 90 s:\n${output}`)), 90_000);
        child.stdout.on('data', () => {
          const url = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output)?.[0];
          if (!url) return;
          clearTimeout(timer);
          resolve(url);
        });
        void exited.then((code) => reject(new Error(`start.mjs exited (${code}) before printing an address:\n${output}`)));
      });
      const folder = new URL(address).searchParams.get('folder')!;
      assert.ok(!folder.startsWith(ROOT), `the workspace ${folder} is a copy outside the repository`);
      assert.ok(existsSync(join(folder, 'moons.mlab')), 'the copy holds the samples');
      assert.match(new URL(address).searchParams.get('payload') ?? '', /extensionDevelopmentPath/);
      const response = await fetch(address);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, /vscode-workbench-web-configuration/, 'the workbench page');
      assert.match(html, /workbench\.js/);
      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
      assert.equal(existsSync(folder), false, `${folder} is removed`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
