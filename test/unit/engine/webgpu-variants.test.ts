// The WebGPU backend's gemm choice (src/engine/backends/webgpu/variants.ts): a pure function of
// what the device is and the product's shape.

import { strict as assert } from 'node:assert';
import { convProduct } from '../../../src/engine/backends/webgpu/kernels/conv-tiled';
import { type DeviceFacts, chooseConv, chooseGemm, gemmShape } from '../../../src/engine/backends/webgpu/variants';

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

  // The CNN bench's first layer: 3x32x32 -> 32 filters 3x3 same, batch 64.
  const first = { c: 3, h: 32, w: 32, o: 32, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, oh: 32, ow: 32 };
  it('a convolution is the product the tiled gemm computes', () => {
    assert.deepEqual(convProduct('conv2d_fwd', first, 64), shape(32, 64 * 1024, 27));
    assert.deepEqual(convProduct('conv2d_bwd_data', first, 64), shape(3, 64 * 1024, 32 * 9));
    assert.deepEqual(convProduct('conv2d_bwd_filter', first, 64), shape(32, 27, 64 * 1024));
  });
  it('convolutions: tiled on hardware when large enough, else the direct kernels', () => {
    const fwd = convProduct('conv2d_fwd', first, 64);
    assert.equal(chooseConv(GPU, 'conv2d_fwd', fwd), 'tiled64'); // 32 filters: 64-row tiles
    assert.equal(chooseConv({ ...GPU, software: true }, 'conv2d_fwd', fwd), 'direct');
    assert.equal(chooseConv({ ...GPU, software: null }, 'conv2d_fwd', fwd), 'direct');
    // 3 input channels: the data gradient of a first layer is skinny.
    assert.equal(chooseConv(GPU, 'conv2d_bwd_data', convProduct('conv2d_bwd_data', first, 64)), 'direct');
    // 32x27 filter gradient: one tile; conv.ts splits its long reduction instead.
    assert.equal(chooseConv(GPU, 'conv2d_bwd_filter', convProduct('conv2d_bwd_filter', first, 64)), 'direct');
    const wide = { ...first, c: 256, o: 256, h: 16, w: 16, oh: 16, ow: 16 };
    assert.equal(chooseConv(GPU, 'conv2d_fwd', convProduct('conv2d_fwd', wide, 64)), 'tiled128');
    assert.equal(chooseConv(GPU, 'conv2d_bwd_filter', convProduct('conv2d_bwd_filter', wide, 64)), 'tiled128');
    assert.equal(chooseConv(GPU, 'conv2d_fwd', shape(8, 8, 8)), 'direct');
  });
  it('a forced convolution variant wins where it fits', () => {
    assert.equal(chooseConv({ ...GPU, software: true }, 'conv2d_fwd', shape(2, 2, 2), 'tiled128'), 'tiled128');
    assert.equal(chooseConv({ ...GPU, maxWorkgroupStorage: 8000 }, 'conv2d_fwd', shape(2, 2, 2), 'tiled64'), 'direct');
  });
});
