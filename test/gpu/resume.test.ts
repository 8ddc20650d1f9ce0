// Checkpoints on WebGPU: the optimizer's buffers and weights read back from the device, and a run
// resumed from a mid-epoch checkpoint on WebGPU takes the same steps as the straight WebGPU run
// (bit for bit: the same kernels in the same order), and within 1e-5 of the CPU's.
import { strict as assert } from 'node:assert';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { split } from '../../src/engine/data/dataset';
import { generate } from '../../src/engine/data/synthetic';
import type { Checkpoint } from '../../src/engine/train/checkpoint';
import { train } from '../../src/engine/train/trainer';
import type { StepRecord } from '../../src/engine/train/types';
import { trainConfig } from '../../src/lang/test-config';
import { GraphBuilder } from '../../src/lang/test-graph';
import { deviceOrSkip } from './dawn';

describe('WebGPU checkpoints and resume', function () {
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());

  it('a run resumed from its WebGPU checkpoint equals the straight WebGPU run; the checkpoint matches the CPU run', async () => {
    const data = split(generate({ generator: 'spiral', size: 150, noise: 0.1, classes: 3, features: 2, seed: 2 }), 0.2, 0, 1);
    const graph = new GraphBuilder([2]).dense(16, 'relu').dropout(0.1).dense(3).build('spiral');
    const config = trainConfig({
      seed: 4,
      epochs: 3,
      batch: 16,
      optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    });
    const run = async (backend: 'cpu' | 'gpu', resume: Checkpoint | null = null) => {
      const steps: StepRecord[] = [],
        saved: Checkpoint[] = [];
      const end = await train({
        graph,
        data,
        config,
        backend: backend === 'cpu' ? new CpuBackend() : new WebGpuBackend(device),
        resume: resume && { checkpoint: resume },
        checkpoints: { everyMs: 0, save: (c) => void saved.push(c) },
        observer: { step: (s) => void steps.push(s) },
      });
      return { end, steps, saved };
    };
    const gpu = await run('gpu'),
      cpu = await run('cpu');
    const mid = gpu.saved.find((c) => c.reason === 'interval' && c.state.step === 11)!;
    const cpuMid = cpu.saved.find((c) => c.reason === 'interval' && c.state.step === 11)!;
    for (const [name, t] of cpuMid.optimizer) {
      const g = mid.optimizer.get(name)!;
      assert.equal(g.data.length, t.data.length, name);
      for (let i = 0; i < t.data.length; i++)
        assert.ok(
          Math.abs(g.data[i]! - t.data[i]!) <= 1e-5 * (1 + Math.abs(t.data[i]!)),
          `${name}[${i}]: gpu ${g.data[i]} cpu ${t.data[i]}`,
        );
    }
    const rest = await run('gpu', mid);
    assert.deepEqual(rest.steps, gpu.steps.slice(11));
    for (const [name, t] of gpu.end.weights) assert.deepEqual([...rest.end.weights.get(name)!.data], [...t.data], name);
  });
});
