// The WebGPU backend's gemm choice (src/engine/backends/webgpu/variants.ts): a pure function of
// what the device is and the product's shape.

import { strict as assert } from 'node:assert';
import { type DeviceFacts, chooseGemm, gemmShape } from '../../../src/engine/backends/webgpu/variants';

const GPU: DeviceFacts = { software: false, subgroups: false, maxWorkgroupStorage: 16384, maxInvocations: 256 };
const SG: DeviceFacts = { ...GPU, subgroups: true };
const shape = (m: number, n: number, k: number) => ({ m, n, k });

describe('WebGPU gemm choice', () => {
  it('software and unknown adapters keep the register kernel at every shape', () => {
    for (const software of [true, null]) {
      for (const s of [shape(4096, 4096, 4096), shape(128, 128, 8192), shape(1, 4096, 4096)])
        assert.equal(chooseGemm({ ...SG, software }, s), 'reg4x4');
    }
  });
  it('hardware: large squares are tiled 128x64, mid-size 64x64', () => {
    assert.equal(chooseGemm(GPU, shape(4096, 4096, 4096)), 'tiled128');
    assert.equal(chooseGemm(GPU, shape(1024, 1024, 1024)), 'tiled128');
    // 512x512: 32 tiles of 128x64, under FILL; 64 tiles of 64x64.
    assert.equal(chooseGemm(GPU, shape(512, 512, 64)), 'tiled64');
  });
  it('hardware: tiny products keep the register kernel', () => {
    assert.equal(chooseGemm(GPU, shape(64, 64, 64)), 'reg4x4');
    assert.equal(chooseGemm(GPU, shape(5, 7, 3)), 'reg4x4');
  });
  it('hardware: few outputs with a long K are split over K, with subgroups only where the device has them', () => {
    // A linear layer's weight gradient over 2048 tokens: 4 tiles of 64x64.
    assert.equal(chooseGemm(GPU, shape(128, 128, 2048)), 'splitk');
    assert.equal(chooseGemm(SG, shape(128, 128, 2048)), 'splitk-sg');
    assert.equal(chooseGemm(SG, shape(1, 4096, 4096)), 'splitk-sg');
  });
  it('hardware: skinny products with a short K keep the register kernel', () => {
    assert.equal(chooseGemm(GPU, shape(16, 8192, 128)), 'reg4x4');
    assert.equal(chooseGemm(GPU, shape(8192, 10, 128)), 'reg4x4');
  });
  it('the limits decide which tiles fit', () => {
    assert.equal(chooseGemm({ ...GPU, maxWorkgroupStorage: 10000 }, shape(4096, 4096, 4096)), 'tiled64');
    assert.equal(chooseGemm({ ...GPU, maxWorkgroupStorage: 8000 }, shape(4096, 4096, 4096)), 'reg4x4');
    assert.equal(chooseGemm({ ...GPU, maxInvocations: 128 }, shape(4096, 4096, 4096)), 'reg4x4');
  });
  it('a forced variant wins; a subgroup one falls back without the feature', () => {
    assert.equal(chooseGemm({ ...GPU, software: true }, shape(3, 3, 3), 'tiled64'), 'tiled64');
    assert.equal(chooseGemm(GPU, shape(4096, 4096, 4096), 'splitk-sg'), 'splitk');
    assert.equal(chooseGemm(SG, shape(3, 3, 3), 'splitk-sg'), 'splitk-sg');
    assert.equal(chooseGemm({ ...GPU, maxWorkgroupStorage: 8000 }, shape(3, 3, 3), 'tiled128'), 'reg4x4');
  });
  it('the shape of a batched product is the largest the buffers hold', () => {
    assert.deepEqual(gemmShape({ m: 1, n: 5, k: 7, bm: 1 }, [64 * 7, 35, 64 * 5]), shape(64, 5, 7));
    assert.deepEqual(gemmShape({ m: 7, n: 5, k: 1, bk: 1, ta: 1 }, [64 * 7, 64 * 5, 35]), shape(7, 5, 64));
    assert.deepEqual(gemmShape({ m: 3, n: 4, k: 5 }, [15, 20, 12]), shape(3, 4, 5));
  });
});
