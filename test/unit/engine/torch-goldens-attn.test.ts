// The token and attention layers against PyTorch 1.13 (scripts/torch-goldens-attn.py): the same
// weights and batches must give the same loss at every step, within 1e-4 relative, and the same
// loss on the first batch after training. The sinusoidal table is compared with the engine's own
// initialiser, so the constant is checked too.

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LossSpec, OptimizerSpec } from '../../../src/graph/train-config';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { initialWeights } from '../../../src/engine/init';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { GraphBuilder } from '../../../src/lang/test-graph';

interface Golden {
  name: string;
  inputShape: number[];
  lines: string[];
  batch: number;
  epochs: number;
  loss: LossSpec;
  optimizer: OptimizerSpec;
  weights: Record<string, { shape: number[]; data: number[] }>;
  x: number[];
  y: number[];
  losses: number[];
  evalLoss: number;
}

const DIR = join(__dirname, '..', '..', 'fixtures', 'goldens', 'attn');
const FILES = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-8, Math.abs(b));

describe('engine: PyTorch goldens of embeddings, attention and transformer blocks', () => {
  it('the goldens folder holds the seven cases', () => assert.equal(FILES.length, 7, `goldens in ${DIR}`));
  for (const file of FILES) {
    it(file.replace('.json', ''), () => {
      const g = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Golden;
      const b = new GraphBuilder(g.inputShape, 'tokens');
      for (const line of g.lines) b.layer(line);
      const graph = b.build(g.name);
      const plan = compilePlan(graph, { maxBatch: g.batch, loss: g.loss, optimizer: g.optimizer, weightDecay: 0, l1: 0, clipNorm: null });
      const names = plan.params.map((e) => e.name).sort();
      assert.deepEqual(names, Object.keys(g.weights).sort(), 'the same parameters under the same names');
      const named = new Map(Object.entries(g.weights).map(([k, v]) => [k, { shape: v.shape, data: Float32Array.from(v.data) }]));
      for (const e of plan.params) assert.deepEqual([...e.shape], named.get(e.name)!.shape, `${e.name}: PyTorch's layout`);
      const init = initialWeights(plan.params, 1);
      for (const e of plan.params.filter((p) => !p.trainable)) {
        const mine = init.get(e.name)!.data,
          torch = named.get(e.name)!.data;
        mine.forEach((v, i) => assert.ok(Math.abs(v - torch[i]!) < 1e-6, `${e.name}[${i}]: ${v} vs torch ${torch[i]}`));
      }
      const be = new CpuBackend();
      const exe = new Executable(plan, be);
      exe.writeWeights(exe.flat(named));
      const N = g.x.length / plan.inputLen;
      const rt = newRuntime();
      rt.lr = g.optimizer.lr;
      const log = be.view(exe.handle(plan.lossLog));
      const got: number[] = [];
      const batch = (s: number, n: number) =>
        exe.writeBatch(
          Float32Array.from(g.x.slice(s * plan.inputLen, (s + n) * plan.inputLen)),
          Float32Array.from(g.y.slice(s * plan.targetLen, (s + n) * plan.targetLen)),
        );
      for (let e = 0; e < g.epochs; e++)
        for (let s = 0; s < N; s += g.batch) {
          const n = Math.min(g.batch, N - s);
          batch(s, n);
          rt.n = n;
          rt.lossSlot = 0;
          exe.trainStep(rt);
          got.push(log[0]!);
          rt.step++;
        }
      assert.equal(got.length, g.losses.length);
      assert.ok(got.length >= 20, 'at least 20 steps');
      if (process.env.GOLDEN_REPORT)
        console.log(`    max rel err ${Math.max(...got.map((l, i) => relErr(l, g.losses[i]!))).toExponential(2)}`);
      got.forEach((l, i) =>
        assert.ok(
          relErr(l, g.losses[i]!) < 1e-4,
          `step ${i + 1}: ${l} vs torch ${g.losses[i]} (rel ${relErr(l, g.losses[i]!).toExponential(2)})`,
        ),
      );
      batch(0, g.batch);
      rt.n = g.batch;
      rt.lossSlot = plan.lossWindow;
      exe.evaluate.run(rt);
      assert.ok(relErr(log[plan.lossWindow]!, g.evalLoss) < 1e-4, `eval loss ${log[plan.lossWindow]} vs torch ${g.evalLoss}`);
    });
  }
});
