// Symbolic links against the workspace check, with real links in a temp folder: a link to a file or
// a folder outside is refused (naming the path as written and where it points), through a chain too;
// a link that stays inside works; and the CLI, built as dist/cli.js is, exits 1 with the message.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DataError, resolveInside } from '../../../src/engine/data/host';
import { loadImageFolder } from '../../../src/engine/data/images';
import { loadData } from '../../../src/engine/data/load';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { fixture, spec } from './helpers';

const top = realpathSync(mkdtempSync(join(tmpdir(), 'mlab-links-')));
const ws = join(top, 'ws'),
  outside = join(top, 'outside');
const loc = { base: ws, workspace: ws };
const CSV = 'a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n';

function classFolder(dir: string): void {
  mkdirSync(join(dir, 'red'), { recursive: true });
  copyFileSync(fixture('images/red/a.png'), join(dir, 'red', 'a.png'));
}

before(() => {
  for (const d of [ws, outside, join(ws, 'real')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(outside, 'secret.csv'), CSV);
  writeFileSync(join(ws, 'real', 'table.csv'), CSV);
  classFolder(join(outside, 'imgs'));
  classFolder(join(ws, 'pics'));
  symlinkSync(join(outside, 'secret.csv'), join(ws, 'secret.csv')); // a file outside
  symlinkSync(outside, join(ws, 'elsewhere')); // a folder outside
  symlinkSync(join(ws, 'secret.csv'), join(ws, 'hop.csv')); // a chain: hop -> secret -> outside
  symlinkSync(join(ws, 'real', 'table.csv'), join(ws, 'inner.csv')); // stays inside
  symlinkSync(join(outside, 'imgs'), join(ws, 'imgs')); // an image folder outside
  mkdirSync(join(ws, 'mixed'));
  symlinkSync(join(outside, 'imgs', 'red'), join(ws, 'mixed', 'red')); // one class folder outside
  mkdirSync(join(ws, 'one', 'red'), { recursive: true });
  symlinkSync(join(outside, 'imgs', 'red', 'a.png'), join(ws, 'one', 'red', 'a.png')); // one image outside
  mkdirSync(join(ws, 'linked'));
  symlinkSync(join(ws, 'pics', 'red'), join(ws, 'linked', 'red')); // a class folder linked inside
});

const refused = (written: string, target: string) => (e: Error) =>
  e instanceof DataError && e.message.includes(`'${written}' points to ${target} through a symbolic link, outside the workspace (${ws})`);
const csv = (path: string) => spec({ kind: 'csv', path, target: 'y', features: null });

describe('data: symbolic links and the workspace', () => {
  it('a link to a file outside is refused, naming the path as written and its target', async () => {
    await assert.rejects(
      loadData(csv('secret.csv'), 0, { host: nodeDataHost, location: loc }),
      refused('secret.csv', join(outside, 'secret.csv')),
    );
  });

  it('a link to a folder outside is refused, for a file under it and as an image folder', async () => {
    await assert.rejects(
      loadData(csv('elsewhere/secret.csv'), 0, { host: nodeDataHost, location: loc }),
      refused('elsewhere/secret.csv', join(outside, 'secret.csv')),
    );
    await assert.rejects(loadImageFolder(nodeDataHost, loc, 'imgs', { shape: null }), refused('imgs', join(outside, 'imgs')));
  });

  it('inside an image folder, a class folder or an image linked outside is refused', async () => {
    await assert.rejects(loadImageFolder(nodeDataHost, loc, 'mixed', { shape: null }), refused('mixed/red', join(outside, 'imgs', 'red')));
    await assert.rejects(
      loadImageFolder(nodeDataHost, loc, 'one', { shape: null }),
      refused('one/red/a.png', join(outside, 'imgs', 'red', 'a.png')),
    );
  });

  it('a chain of links is followed to its end', async () => {
    await assert.rejects(resolveInside(nodeDataHost, loc, 'hop.csv'), refused('hop.csv', join(outside, 'secret.csv')));
  });

  it('links that stay inside work, and so does a workspace reached through a link', async () => {
    const d = await loadData(csv('inner.csv'), 0, { host: nodeDataHost, location: loc });
    assert.equal(d.splits.train.size, 4);
    const raw = await loadImageFolder(nodeDataHost, loc, 'linked', { shape: null });
    assert.deepEqual(raw.classNames, ['red']);
    assert.equal(raw.y.length, 1);
    symlinkSync(ws, join(top, 'ws-link'));
    const via = { base: join(top, 'ws-link'), workspace: join(top, 'ws-link') };
    assert.equal(await resolveInside(nodeDataHost, via, 'real/table.csv'), join(top, 'ws-link', 'real', 'table.csv'));
    await assert.rejects(
      resolveInside(nodeDataHost, via, 'secret.csv'),
      /'secret.csv' points to .*outside\/secret.csv through a symbolic link/,
    );
  });

  it('the CLI (bundled as dist/cli.js) exits 1 with the message', async function () {
    this.timeout(60000);
    const cli = join(top, 'cli.js');
    await build({
      entryPoints: [join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['webgpu'],
      logLevel: 'silent',
    });
    const exp = join(ws, 'exp.mlab');
    writeFileSync(
      exp,
      'data d {\n  source: csv("secret.csv", target: y)\n}\n\nmodel m(input [2]) {\n  dense 2\n}\n\ntrain m on d {\n  loss: cross_entropy\n}\n',
    );
    const r = spawnSync(process.execPath, [cli, 'train', exp, '--device', 'cpu', '--quiet', '--out', join(top, 'run')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /exp\.mlab:1: data d: 'secret.csv' points to \S*outside\/secret.csv through a symbolic link, outside the workspace/,
    );
  });
});
