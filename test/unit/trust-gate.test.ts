// Restricted Mode: the gating logic with the trust state injected (the integration harness starts
// code-server with --disable-workspace-trust), and the declaration in package.json.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS, type CommandId } from '../../src/extension/command-ids';
import { gateCommands, NEEDS_TRUST, type Trust } from '../../src/extension/trust-gate';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

function setup() {
  const calls: string[] = [],
    refused: string[] = [];
  const trust: Trust & { isTrusted: boolean } = { isTrusted: false, refuse: (m) => refused.push(m) };
  const table = Object.fromEntries(
    COMMAND_IDS.map((id) => [id, (...args: never[]) => (calls.push(`${id}(${args.join(',')})`), `ran ${id}`)]),
  ) as Record<CommandId, (...a: never[]) => unknown>;
  return { calls, refused, trust, commands: gateCommands(table, trust) };
}

describe('workspace trust', () => {
  it('an untrusted folder: training, re-run and export refuse with a way to trust; the rest runs', () => {
    const { calls, refused, commands } = setup();
    assert.equal(commands['modelLab.train'](), undefined);
    assert.equal(commands['modelLab.rerun'](), undefined);
    assert.equal(commands['modelLab.export'](), undefined);
    assert.equal(commands['modelLab.resume'](), undefined);
    assert.deepEqual(calls, [], 'nothing gated ran');
    assert.equal(refused.length, 4);
    assert.match(refused[3]!, /^Model Lab: Resuming a run is off in Restricted Mode/);
    assert.match(
      refused[0]!,
      /^Model Lab: Training is off in Restricted Mode \(it writes runs into this folder .*\)\. Trust the folder to turn it on\.$/,
    );
    assert.match(refused[2]!, /^Model Lab: Export is off in Restricted Mode/);
    for (const id of ['modelLab.showArchitecture', 'modelLab.previewData', 'modelLab.showRunReport', 'modelLab.stop'] as const)
      assert.equal(commands[id](), `ran ${id}`);
    assert.equal(refused.length, 4);
  });

  it('trust granted later takes effect at the next call, with the arguments passed through', () => {
    const { calls, refused, trust, commands } = setup();
    commands['modelLab.train']();
    trust.isTrusted = true;
    const run = commands['modelLab.train'] as unknown as (...a: string[]) => unknown;
    assert.equal(run('file.mlab', 'net'), 'ran modelLab.train');
    assert.deepEqual(calls, ['modelLab.train(file.mlab,net)']);
    assert.equal(refused.length, 1);
  });

  it('package.json declares limited support, describing what is off', () => {
    const u = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.match(
      u.description,
      /Training, Re-run, Resume, Export, Quantize and the Compression Report are off until the folder is trusted/,
    );
    assert.deepEqual(Object.keys(NEEDS_TRUST).sort(), [
      'modelLab.export',
      'modelLab.quantize',
      'modelLab.rerun',
      'modelLab.resume',
      'modelLab.showCompressionReport',
      'modelLab.train',
    ]);
  });
});
