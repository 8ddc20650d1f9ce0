// The WebGPU bench's table of FP32 peaks (bench/gpu-peaks.ts): names as Dawn reports them.

import { strict as assert } from 'node:assert';
import { ofPeak, peakOf } from '../../../bench/gpu-peaks';

const info = (description: string, device = '') => ({ vendor: 'nvidia', architecture: '', device, description });

describe('WebGPU bench FP32 peaks', () => {
  it('finds the adapter by its name, the specific form first', () => {
    assert.equal(peakOf(info('NVIDIA H100 80GB HBM3'))?.tflops, 67);
    assert.equal(peakOf(info('NVIDIA H100 PCIe'))?.tflops, 51);
    assert.equal(peakOf(info('NVIDIA H200'))?.tflops, 67);
    assert.equal(peakOf(info('', 'NVIDIA L4'))?.tflops, 30.3);
    assert.equal(peakOf({ vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe: Mesa 25.0.7' }), null);
  });
  it('prints a fraction of the peak, or says the peak is unknown', () => {
    assert.equal(ofPeak(10862, { name: 'NVIDIA H100 SXM', tflops: 67 }), "16.2 % of NVIDIA H100 SXM's 67 TFLOP/s");
    assert.equal(ofPeak(1, null), 'peak unknown');
  });
});
