// A real WebGPU device in Node through Dawn (the `webgpu` package). Needs a Vulkan driver named
// by VK_ICD_FILENAMES; where none is set we point at Chromium's SwiftShader when it is installed.
// No adapter: the suite skips loudly, except on CI where that is a failure.
import { existsSync } from 'node:fs';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterInfo: GPUAdapterInfo;
}

export async function requestDawnDevice(): Promise<GpuContext | { skip: string }> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { skip: `no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'})` };
  const device = await adapter.requestDevice();
  return { device, adapterInfo: adapter.info };
}

/** Call from a mocha `before`: returns the device, or skips the suite (fails on CI). */
export async function deviceOrSkip(suite: Mocha.Context): Promise<GPUDevice> {
  const got = await requestDawnDevice();
  if ('skip' in got) {
    const banner = `\n${'!'.repeat(78)}\n!! GPU tests SKIPPED: ${got.skip}\n${'!'.repeat(78)}`;
    if (process.env.CI === 'true') throw new Error(banner.replace('SKIPPED', 'CANNOT RUN ON CI'));
    console.error(banner);
    suite.skip();
  }
  const { device, adapterInfo } = got as GpuContext;
  console.log(`      WebGPU adapter: ${adapterInfo.vendor} ${adapterInfo.architecture} ${adapterInfo.description}`.trimEnd());
  return device;
}

export async function readBuffer(device: GPUDevice, source: GPUBuffer, bytes: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

export function storageBuffer(device: GPUDevice, data: Float32Array): GPUBuffer {
  const buffer = device.createBuffer({
    size: data.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Float32Array(buffer.getMappedRange()).set(data);
  buffer.unmap();
  return buffer;
}
