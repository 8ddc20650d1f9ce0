// "Open Sample" copies a shipped sample with the data it quotes, never over a person's own copy.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/lang';
import { copySample } from '../../src/extension/templates/copy-sample';

const samples = join(__dirname, '..', '..', 'samples');

describe('Open Sample copies', () => {
  let target: string;
  beforeEach(() => (target = mkdtempSync(join(tmpdir(), 'mlab-sample-'))));
  afterEach(() => rmSync(target, { recursive: true, force: true }));

  it('copies a CSV sample with its data file, byte for byte, and the copy checks clean', () => {
    assert.deepEqual(copySample(samples, 'iris.mlab', target), ['iris.mlab', 'data/iris.csv']);
    assert.equal(readFileSync(join(target, 'data', 'iris.csv'), 'utf8'), readFileSync(join(samples, 'data', 'iris.csv'), 'utf8'));
    assert.deepEqual(analyze(readFileSync(join(target, 'iris.mlab'), 'utf8')).diagnostics, []);
  });

  it('copies a synthetic sample alone, and a folder of images whole', () => {
    assert.deepEqual(copySample(samples, 'moons.mlab', target), ['moons.mlab']);
    assert.deepEqual(copySample(samples, 'cnn.mlab', target), ['cnn.mlab', 'data/shapes']);
    assert.ok(existsSync(join(target, 'data', 'shapes', 'circle')));
  });

  it('leaves a file already there as it is', () => {
    writeFileSync(join(target, 'moons.mlab'), '# mine\n');
    assert.deepEqual(copySample(samples, 'moons.mlab', target), []);
    assert.equal(readFileSync(join(target, 'moons.mlab'), 'utf8'), '# mine\n');
  });
});
