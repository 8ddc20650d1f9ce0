// describeCompute: the one wording of where a run computes and why, for the trainer panel, the
// status bar and the Training view, checked on what probeCompute really answers.
import { strict as assert } from 'node:assert';
import type { AdapterFacts, DevicePreference } from '../../src/engine/backends/choose';
import { computeLine, describeCompute, probeCompute } from '../../src/protocol/compute-info';

const HARDWARE: AdapterFacts = {
  vendor: 'nvidia',
  architecture: 'hopper',
  device: '',
  description: 'NVIDIA H200',
  isFallbackAdapter: false,
};
// Chromium's SwiftShader as the trainer page sees it: no description, and not flagged as a fallback.
const SWIFTSHADER: AdapterFacts = { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: false };
const limits = {
  maxStorageBuffersPerShaderStage: 10,
  maxComputeInvocationsPerWorkgroup: 256,
  maxStorageBufferBindingSize: 1 << 27,
  maxBufferSize: 1 << 28,
};
const gpuWith = (info: AdapterFacts | null) => ({ requestAdapter: async () => info && { info, limits } }) as unknown as GPU;
const wording = async (gpu: GPU | undefined, preference: DevicePreference) => describeCompute(await probeCompute(gpu, preference));

describe('describeCompute: one story about the device', () => {
  it('auto with only a software adapter: the CPU, why, and the unused adapter after', async () => {
    const w = await wording(gpuWith(SWIFTSHADER), 'auto');
    assert.deepEqual(w, {
      text: 'CPU',
      why: 'the only WebGPU adapter here is a software one, slower than the CPU',
      unused: 'Not used: WebGPU · google swiftshader (software)',
    });
    assert.equal(
      computeLine(w),
      'CPU — the only WebGPU adapter here is a software one, slower than the CPU · Not used: WebGPU · google swiftshader (software)',
    );
  });

  it('a hardware adapter: WebGPU with its name, nothing unused', async () => {
    assert.deepEqual(await wording(gpuWith(HARDWARE), 'auto'), {
      text: 'WebGPU · NVIDIA H200',
      why: 'a hardware GPU adapter',
      unused: null,
    });
  });

  it('the webgpu setting on a software adapter: WebGPU, saying it is emulated', async () => {
    const w = await wording(gpuWith(SWIFTSHADER), 'webgpu');
    assert.equal(w.text, 'WebGPU · google swiftshader');
    assert.match(w.why, /software adapter, asked for by the device setting/);
  });

  it('no adapter or the cpu setting: the CPU with the probe\'s reason, without repeating "CPU"', async () => {
    assert.deepEqual(await wording(gpuWith(null), 'auto'), {
      text: 'CPU',
      why: 'no WebGPU adapter (WebGPU is present but no adapter is available (no driver, or blocked))',
      unused: null,
    });
    assert.deepEqual(await wording(gpuWith(HARDWARE), 'cpu'), { text: 'CPU', why: 'the device setting asks for the CPU', unused: null });
  });

  it('a run that fell back from a hardware adapter names the adapter it could not use', () => {
    const w = describeCompute({
      backend: 'cpu',
      adapter: { ...HARDWARE, isFallbackAdapter: false },
      limits: null,
      reason: 'device auto: no WebGPU adapter (device lost); training on the CPU',
    });
    assert.deepEqual(w, { text: 'CPU', why: 'no WebGPU adapter (device lost)', unused: 'Not used: WebGPU · NVIDIA H200 (hardware)' });
  });
});
