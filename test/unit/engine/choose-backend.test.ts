// chooseBackend: the one choice of backend the CLI, the trainer worker and the compute probe make.
import { strict as assert } from 'node:assert';
import { chooseBackend, needsAdapter, type AdapterFacts } from '../../../src/engine/backends/choose';
import { probeCompute } from '../../../src/protocol/compute-info';

const HARDWARE: AdapterFacts = {
  vendor: 'nvidia',
  architecture: 'hopper',
  device: '',
  description: 'NVIDIA H200',
  isFallbackAdapter: false,
};
const SWIFTSHADER: AdapterFacts = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: 'SwiftShader Device (Subzero)',
  isFallbackAdapter: true,
};
const LAVAPIPE: AdapterFacts = { vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe (LLVM 19.1.7, 256 bits)' };

describe('chooseBackend', () => {
  it('cpu needs no adapter and picks the CPU whatever is found', () => {
    assert.equal(needsAdapter('cpu'), false);
    assert.equal(chooseBackend('cpu', null).device, 'cpu');
    assert.equal(chooseBackend('cpu', { adapter: HARDWARE }).device, 'cpu');
  });

  it('auto takes a hardware adapter and prefers the CPU over a software one', () => {
    assert.deepEqual(chooseBackend('auto', { adapter: HARDWARE }), { device: 'webgpu', reason: 'training on WebGPU: NVIDIA H200' });
    for (const soft of [SWIFTSHADER, LAVAPIPE]) {
      const choice = chooseBackend('auto', { adapter: soft });
      assert.equal(choice.device, 'cpu');
      assert.match(choice.reason, new RegExp(`only WebGPU adapter is a software one \\(${soft.description.replace(/[()]/g, '\\$&')}\\)`));
    }
  });

  it('auto falls back to the CPU without an adapter, saying why', () => {
    assert.deepEqual(chooseBackend('auto', { missing: 'no driver' }), {
      device: 'cpu',
      reason: 'device auto: no WebGPU adapter (no driver); training on the CPU',
    });
    assert.equal(chooseBackend('auto', null).device, 'cpu');
  });

  it('webgpu takes any adapter, a software one included, and is unavailable without one', () => {
    assert.equal(chooseBackend('webgpu', { adapter: SWIFTSHADER }).device, 'webgpu');
    assert.deepEqual(chooseBackend('webgpu', { missing: 'no driver' }), {
      device: 'unavailable',
      reason: 'WebGPU is not available: no driver',
    });
  });
});

describe('probeCompute follows chooseBackend', () => {
  const gpuWith = (info: AdapterFacts | null) =>
    ({
      requestAdapter: async () =>
        info && {
          info,
          limits: {
            maxStorageBuffersPerShaderStage: 10,
            maxComputeInvocationsPerWorkgroup: 256,
            maxStorageBufferBindingSize: 1 << 27,
            maxBufferSize: 1 << 28,
          },
        },
    }) as unknown as GPU;

  it('reports the CPU under auto for a software adapter, keeping the adapter it passed over', async () => {
    const info = await probeCompute(gpuWith(SWIFTSHADER), 'auto');
    assert.equal(info.backend, 'cpu');
    assert.equal(info.adapter?.description, SWIFTSHADER.description);
    assert.equal(info.reason, chooseBackend('auto', { adapter: SWIFTSHADER }).reason);
  });

  it('reports WebGPU for a hardware adapter and under webgpu for a software one', async () => {
    assert.equal((await probeCompute(gpuWith(HARDWARE), 'auto')).backend, 'webgpu');
    assert.equal((await probeCompute(gpuWith(SWIFTSHADER), 'webgpu')).backend, 'webgpu');
  });

  it('never throws: no WebGPU, no adapter, or the CPU asked for become the CPU with a reason', async () => {
    assert.deepEqual(await probeCompute(undefined, 'webgpu'), {
      backend: 'cpu',
      adapter: null,
      limits: null,
      reason: 'WebGPU is not available: this environment has no WebGPU (navigator.gpu is undefined)',
    });
    assert.match((await probeCompute(gpuWith(null), 'auto')).reason ?? '', /no adapter is available/);
    assert.equal((await probeCompute(gpuWith(HARDWARE), 'cpu')).reason, 'the device setting asks for the CPU');
  });
});
