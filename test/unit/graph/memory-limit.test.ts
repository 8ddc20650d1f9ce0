// train's memory check: the estimate against the device's limits, with the figures in the message.
import { strict as assert } from 'node:assert';
import { estimateTrainingMemory, formatBytes } from '../../../src/graph/memory';
import {
  allocationFailureMessage,
  checkTrainingMemory,
  cpuMemoryLimits,
  firstMemoryRefusal,
  memoryLimitsFor,
  webgpuMemoryLimits,
} from '../../../src/graph/memory-limit';
import { cleanGraph, modelWith } from '../lang/helpers';

const GiB = 2 ** 30;
const ADAM = { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
const SGD = { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 } as const;

describe('graph: the training memory check', () => {
  it('CPU: half the machine, at most 8 GiB, one buffer at most 2^32 floats', () => {
    assert.deepEqual([cpuMemoryLimits(4 * GiB).totalBytes, cpuMemoryLimits(64 * GiB).totalBytes], [2 * GiB, 8 * GiB]);
    assert.equal(cpuMemoryLimits(64 * GiB).bufferBytes, 8 * GiB);
    assert.equal(webgpuMemoryLimits({ maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB }).bufferBytes, 2 * GiB);
    assert.equal(memoryLimitsFor('webgpu', null, 4 * GiB).totalBytes, 2 * GiB, 'no adapter limits: the CPU rule');
  });

  it('lets a run that fits through, and refuses one that does not with both figures', () => {
    // 1000 -> 100000 -> 1: weights (1000·100000 + 100000 + 100000 + 1) floats; relu keeps 3 outputs of 100000.
    const g = cleanGraph(modelWith('[1000]', '  dense 100000 relu\n  dense 1'));
    const params = 1000 * 100_000 + 100_000 + 100_000 + 1;
    const perSample = 4 * (3 * 100_000 + 2 + 1000);
    const estimate = estimateTrainingMemory(g, ADAM, 64);
    assert.equal(estimate.total, 4 * params * 4 + 64 * perSample);
    assert.equal(estimate.largestBuffer, 4 * params);
    assert.equal(checkTrainingMemory(g, { optimizer: ADAM, batch: 64 }, cpuMemoryLimits(16 * GiB)).refusal, null);
    const { refusal } = checkTrainingMemory(g, { optimizer: ADAM, batch: 64 }, cpuMemoryLimits(2 * GiB));
    assert.equal(
      refusal,
      `training m at batch 64 needs ${formatBytes(estimate.total)} ` +
        `(weights 382 MiB, gradients 382 MiB, optimizer 764 MiB, activations 73.5 MiB), ` +
        `limit 1.00 GiB (CPU: half of 2.00 GiB of memory, at most 8.00 GiB): lower batch or width`,
    );
    assert.match(refusal ?? '', /needs 1\.56 GiB/);
  });

  it('WebGPU: refuses a buffer past the binding size', () => {
    const g = cleanGraph(modelWith('[1000]', '  dense 100000 relu\n  dense 1'));
    const limits = webgpuMemoryLimits({ maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 128 * 2 ** 20 });
    assert.equal(
      checkTrainingMemory(g, { optimizer: SGD, batch: 8 }, limits).refusal,
      "training m at batch 8 needs one buffer of 382 MiB, limit 128 MiB per buffer (WebGPU adapter's maxStorageBufferBindingSize): lower batch or width",
    );
    const small = cleanGraph(modelWith('[4]', '  dense 8'));
    assert.equal(
      firstMemoryRefusal(
        [
          { graph: small, config: { optimizer: SGD, batch: 8 } },
          { graph: g, config: { optimizer: SGD, batch: 8 } },
        ],
        limits,
      )?.startsWith('training m at batch 8 needs one buffer'),
      true,
    );
  });

  it('turns allocation failures into a sentence and leaves other errors alone', () => {
    assert.equal(
      allocationFailureMessage(new RangeError('Invalid typed array length: 9000000000')),
      "the device could not allocate the run's buffers (Invalid typed array length: 9000000000): lower batch or width",
    );
    assert.match(allocationFailureMessage(new Error('WebGPU: out of memory')) ?? '', /lower batch or width/);
    assert.equal(allocationFailureMessage(new RangeError('Maximum call stack size exceeded')), null);
    assert.equal(allocationFailureMessage(new TypeError('x is undefined')), null);
  });

  it('formats huge byte counts without Infinity', () => {
    assert.equal(formatBytes(3 * 2 ** 50), '3.00 PiB');
    assert.equal(formatBytes(2 ** 70), '1.02e+3 EiB');
    assert.equal(formatBytes(Infinity), 'more than 10^308 B');
  });
});
