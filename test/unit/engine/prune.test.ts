// Pruning: the schedule against Zhu & Gupta's formula, masks by hand, the masked gradient against
// finite differences, and masks that survive every optimizer on the CPU backend.

import * as assert from 'node:assert/strict';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { pruneMask, sparsityAt } from '../../../src/engine/train/prune';
import type { LayerStats } from '../../../src/engine/train/layer-stats';
import type { ParamEntry } from '../../../src/engine/plan/types';
import type { PruneSpec } from '../../../src/graph/train-config';
import { PRUNABLE, PRUNE, PRUNE_OPTIMIZERS, prunedRun, zerosOf } from '../../gpu/prune-cases';
import { maskedGradCheck } from './prune-gradcheck';

const spec = (over: Partial<PruneSpec>): PruneSpec => ({ ...PRUNE, ...over });
const entry = (name: string, shape: number[], offset: number): ParamEntry =>
  ({
    node: 0,
    name,
    shape,
    size: shape.reduce((a, b) => a * b, 1),
    trainable: true,
    decay: true,
    offset,
    buffer: 0,
  }) as unknown as ParamEntry; // init and fans are not read

describe('engine: pruning', () => {
  it('the cubic schedule is Zhu & Gupta 2017: s_t = s_f + (s_i - s_f)(1 - (t - t0)/(n Δt))^3, s_i = 0', () => {
    const s = spec({ sparsity: 0.8, from: 2, to: 5 }); // pruning epochs 2, 3, 4, 5: n Δt = 4
    const zg = (t: number) => 0.8 + (0 - 0.8) * Math.pow(1 - (t - 1) / 4, 3); // t0 = 1: the step before the first
    assert.equal(sparsityAt(s, 0), 0); // epoch 1: before `from`
    for (const e of [2, 3, 4, 5]) assert.ok(Math.abs(sparsityAt(s, e - 1) - zg(e)) < 1e-12, `epoch ${e}`);
    assert.equal(sparsityAt(s, 7), 0.8);
    const lin = spec({ sparsity: 0.8, from: 1, to: 4, curve: 'linear' });
    assert.deepEqual(
      [0, 1, 2, 3, 9].map((e) => +sparsityAt(lin, e).toFixed(12)),
      [0.2, 0.4, 0.6, 0.8, 0.8],
    );
  });

  it('global masks rank every weight together; per-layer masks each tensor on its own', () => {
    const w = Float32Array.from([0.1, -5, 0.2, 3, /* gap */ 0, 0, 9, -8, 7, 0.05]);
    const es = [entry('a', [2, 2], 0), entry('b', [4], 6)];
    // global 0.5: the 4 smallest of 8 (0.05, 0.1, 0.2, 3); per layer: 2 of each.
    assert.deepEqual([...pruneMask(w, es, spec({ sparsity: 0.5 }), 0.5, 10)], [0, 1, 0, 0, 1, 1, 1, 1, 1, 0]);
    assert.deepEqual([...pruneMask(w, es, spec({ scope: 'layer' }), 0.5, 10)], [0, 1, 0, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('channel masks take whole dense columns and conv filters, by L2 norm', () => {
    // dense [in 2, out 3]: columns (0.1, 0.1), (5, 0), (1, 1): the first goes at 1/3, then the third.
    const dense = Float32Array.from([0.1, 5, 1, 0.1, 0, 1]);
    const d = [entry('d', [2, 3], 0)];
    assert.deepEqual([...pruneMask(dense, d, spec({ scope: 'layer', by: 'channel' }), 0.34, 6)], [0, 1, 1, 0, 1, 1]);
    assert.deepEqual([...pruneMask(dense, d, spec({ scope: 'layer', by: 'channel' }), 0.67, 6)], [0, 1, 0, 0, 1, 0]);
    // conv [o 2, c 1, 1, 2]: filters (3, 4) norm 5 and (1, -1): the second goes.
    const conv = Float32Array.from([3, 4, 1, -1]);
    assert.deepEqual([...pruneMask(conv, [entry('c', [2, 1, 1, 2], 0)], spec({ by: 'channel' }), 0.5, 4)], [1, 1, 0, 0]);
  });

  it('the masked gradient is the gradient of L(w ⊙ mask): finite differences, dense and conv', () => {
    for (const model of ['dense', 'conv'] as const) {
      const r = maskedGradCheck(model);
      assert.ok(r.prunedWithGradient > 0, `${model}: some pruned weights had a gradient before masking`);
      assert.ok(r.worst <= 1, `${model}: worst ${r.worst.toFixed(3)} at ${r.where} (${r.checked} checked)`);
    }
  });

  it("layer statistics (the diagram) carry each pruned layer's sparsity, as the run's end does", async () => {
    const snaps: LayerStats[] = [];
    const end = await prunedRun(new CpuBackend(), PRUNE_OPTIMIZERS[2]![1], PRUNE, { everyMs: 1e9, onStats: (s) => snaps.push(s) });
    const last = snaps[snaps.length - 1]!;
    const withWeights = last.layers.filter((l) => l.weightNorm !== null);
    assert.equal(withWeights.length, 3);
    const expected = Object.values(end.sparsity!);
    assert.deepEqual(
      withWeights.map((l) => l.sparsity),
      expected,
    );
    assert.ok(expected.every((s) => s > 0 && s < 1));
  });

  for (const [name, optimizer] of PRUNE_OPTIMIZERS) {
    it(`masks survive ${name} on the CPU: exactly half the weights 0 after the schedule`, async () => {
      const end = await prunedRun(new CpuBackend(), optimizer);
      assert.equal(end.status, 'completed');
      assert.equal(zerosOf(end), PRUNABLE / 2);
      // Counted over every tensor of the final weights (a bias can be 0 too: a unit that never fired).
      const all = [...end.weights.values()].flatMap((t) => [...t.data]);
      assert.equal(end.nonZeroParams, all.filter((v) => v !== 0).length);
      assert.equal(all.length, PRUNABLE + 16 + 8 + 3);
      const zerosBySparsity = Object.entries(end.sparsity!).reduce((a, [n, s]) => a + s * end.weights.get(n)!.data.length, 0);
      assert.ok(Math.abs(zerosBySparsity - PRUNABLE / 2) < 1e-9, `per-layer sparsities give ${zerosBySparsity} zeros`);
      assert.ok(Number.isFinite(end.final.val_loss));
    });
  }
});
