// Live layer statistics on WebGPU against the CPU backend: the same model, weights and batches
// (learning rate 0, so the weights stay those given) must give the same activation mean/std,
// gradient and weight norms for every layer, within 1e-4 relative.

import { strict as assert } from 'node:assert';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import type { Backend } from '../../src/engine/backend';
import { Dataset, split } from '../../src/engine/data/dataset';
import { generate } from '../../src/engine/data/synthetic';
import { initialWeights } from '../../src/engine/init';
import { compilePlan } from '../../src/engine/plan/compile';
import { trainConfig } from '../../src/lang/test-config';
import { GraphBuilder } from '../../src/lang/test-graph';
import type { LayerStats } from '../../src/engine/train/layer-stats';
import { train } from '../../src/engine/train/trainer';
import { deviceOrSkip } from './dawn';

const SGD0 = { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 } as const;

describe('WebGPU layer statistics (vs the CPU backend)', function () {
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());

  it('a CNN with batchnorm, dropout and a residual block: every layer within 1e-4', async () => {
    const g = new GraphBuilder([2, 8, 8])
      .conv2d(6, 3, { pad: 'same', act: 'relu' })
      .pool('maxpool2d', 2)
      .batchnorm()
      .flatten()
      .dense(16, 'tanh')
      .dropout(0.2);
    g.residual((b) => b.dense(16, 'relu').dense(16));
    const graph = g.dense(3).build('cnn');
    const ds = generate({ generator: 'blobs', size: 120, noise: 1, classes: 3, features: 128, seed: 4 });
    const data = split(
      new Dataset(
        ds.x.map((v) => v / 10),
        ds.y,
        [2, 8, 8],
        1,
        3,
      ),
      0.25,
      0,
      1,
    );
    const config = trainConfig({ optimizer: SGD0, epochs: 2, batch: 16, seed: 2 });
    const init = initialWeights(
      compilePlan(graph, { maxBatch: 16, loss: config.loss, optimizer: SGD0, weightDecay: 0, l1: 0, clipNorm: null }).params,
      5,
    );
    const statsOn = async (backend: Backend) => {
      let last: LayerStats | null = null;
      await train({ graph, data, init, config, backend, inspect: { everyMs: 0, onStats: (s) => (last = s) } });
      return last! as LayerStats;
    };
    const cpu = await statsOn(new CpuBackend());
    const gpu = await statsOn(new WebGpuBackend(device));
    assert.equal(gpu.step, cpu.step);
    assert.deepEqual(
      gpu.layers.map((l) => l.layer),
      cpu.layers.map((l) => l.layer),
    );
    for (const [i, c] of cpu.layers.entries()) {
      const w = gpu.layers[i]!;
      for (const k of ['mean', 'std', 'gradNorm', 'weightNorm'] as const) {
        const a = c[k],
          b = w[k];
        if (a === null) {
          assert.equal(b, null, `layer ${c.layer} ${k}`);
          continue;
        }
        assert.ok(
          Number.isFinite(a) && Math.abs(b! - a) <= 1e-4 * Math.max(1, Math.abs(a)),
          `layer ${c.layer} (${graph.layers[c.layer]!.kind}) ${k}: cpu ${a}, webgpu ${b}`,
        );
      }
    }
    assert.ok(
      cpu.layers.some((l) => l.gradNorm !== null && l.gradNorm > 0),
      'some gradient is measured',
    );
  });

  it('snapshots after every step leave a WebGPU run unchanged (its loss reads are pipelined)', async () => {
    const data = split(generate({ generator: 'spiral', size: 200, noise: 0.1, classes: 3, features: 2, seed: 2 }), 0.2, 0, 5);
    const graph = new GraphBuilder([2]).dense(16, 'relu').dropout(0.1).dense(16, 'tanh').dense(3).build('spiral');
    const config = trainConfig({ epochs: 2, batch: 8, optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } });
    const run = async (inspect: boolean) => {
      const losses: number[] = [];
      let snaps = 0;
      const end = await train({
        graph,
        data,
        config,
        backend: new WebGpuBackend(device),
        observer: { step: (s) => losses.push(s.loss) },
        ...(inspect ? { inspect: { everyMs: 0, onStats: () => snaps++ } } : {}),
      });
      return { end, losses, snaps };
    };
    const plain = await run(false),
      inspected = await run(true);
    assert.equal(inspected.snaps, inspected.end.steps);
    assert.equal(inspected.losses.length, 40);
    assert.deepEqual(inspected.losses, plain.losses);
    assert.deepEqual(inspected.end.final, plain.end.final);
  });
});
