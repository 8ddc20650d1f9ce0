// The PyTorch export, checked by running it (Debian's python3-torch): each sample's script trains,
// and from the engine's initial weights and batch order its per-step losses match the engine's.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors } from '../../../src/engine/io/safetensors';
import { parseRunRecord } from '../../../src/engine/io/read-record';
import { PytorchExportError } from '../../../src/export/pytorch/errors';
import { pytorchScript } from '../../../src/export/pytorch/script';
import { engineLosses, planOf, python, recordLosses, writeScript, writeWeights } from './pytorch-helpers';

const STEPS = 50;
const REL = 1e-4;

describe('PyTorch export: the script trains as the engine does', function () {
  this.timeout(120_000);

  // Models without dropout: the per-step losses are deterministic on both sides.
  for (const sample of ['xor.mlab', 'moons.mlab', 'regression.mlab', 'iris.mlab', 'binary.mlab', 'spiral.mlab']) {
    it(`${sample}: ${STEPS} step losses within ${REL} relative of the engine's`, async () => {
      const plan = planOf(sample);
      const { dir, script } = writeScript(plan);
      const engine = await engineLosses(plan, STEPS);
      const init = writeWeights(dir, engine.init);
      await python([script, '--init-from', init, '--max-steps', String(STEPS), '--out', join(dir, 'run')], dir);
      const torch = recordLosses(join(dir, 'run'));
      assert.equal(engine.losses.length, STEPS);
      assert.equal(torch.length, STEPS);
      engine.losses.forEach((l, i) => {
        const rel = Math.abs(l - torch[i]!) / Math.abs(l);
        assert.ok(rel <= REL, `step ${i + 1}: engine ${l}, PyTorch ${torch[i]} (relative ${rel.toExponential(2)})`);
      });
    });
  }

  it("draws the engine's initial weights from the seed when no --init-from is given", async () => {
    const plan = planOf('spiral.mlab');
    const { dir, script } = writeScript(plan);
    const engine = await engineLosses(plan, 1);
    await python([script, '--max-steps', '1', '--out', join(dir, 'run')], dir);
    const own = decodeSafetensors(readFileSync(join(dir, 'run', 'init.safetensors'))).tensors;
    assert.deepEqual([...own.keys()].sort(), [...engine.init.keys()].sort());
    for (const [name, t] of engine.init) assert.deepEqual(own.get(name)!.data, t.data, name);
  });

  it('fashion-mlp.mlab (IDX files, dropout): runs a few steps and writes a run record our reader parses', async () => {
    const plan = planOf('fashion-mlp.mlab');
    const { dir, script } = writeScript(plan);
    const out = await python([script, '--max-steps', '3', '--out', join(dir, 'run')], dir);
    assert.match(out, /9000 examples, global batch 64 = 64 per rank x 1 rank, on cpu/);
    const record = parseRunRecord(readFileSync(join(dir, 'run', 'record.jsonl'), 'utf8'), join(dir, 'run', 'record.jsonl'));
    assert.equal(record.steps.length, 3);
    assert.ok(record.steps.every((s) => Number.isFinite(s.loss) && s.loss > 0));
    assert.ok(record.steps[0]!.loss > 1.5 && record.steps[0]!.loss < 3.5, `first loss ${record.steps[0]!.loss} is not near ln 10`);
    assert.equal(record.end?.status, 'stopped');
    assert.equal(record.start.model, 'mlp');
    assert.equal((record.start as Record<string, unknown>).worldSize, 1);
    assert.equal(record.start.device, 'pytorch cpu');
    assert.ok(existsSync(join(dir, 'run', 'weights.safetensors')));
  });
});

describe('PyTorch export: what it cannot express is an error naming it', () => {
  it('cnn.mlab: an images source and augmentation', () => {
    const plan = planOf('cnn.mlab');
    const input = { graph: plan.graph, config: plan.config, data: plan.data, file: plan.file, dataRoot: '.', scriptName: 'x.py' };
    assert.throws(
      () => pytorchScript(input),
      (e: unknown) => e instanceof PytorchExportError && /images\(\.\.\.\)/.test(e.message),
    );
    const noImages = { ...input, data: { ...plan.data, source: { kind: 'idx' as const, images: 'a', labels: 'b' } } };
    assert.throws(
      () => pytorchScript(noImages),
      (e: unknown) => e instanceof PytorchExportError && /augment flip, shift/.test(e.message),
    );
  });
});
