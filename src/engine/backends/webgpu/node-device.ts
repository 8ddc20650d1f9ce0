// WebGPU in Node through Dawn (the `webgpu` package), for the CLI and the GPU tests. The only
// file that loads 'webgpu', and only by dynamic import, so bundles for the browser never do.
// Dawn needs a Vulkan driver named by VK_ICD_FILENAMES; where none is set and Chromium's
// SwiftShader is installed, that one is used (a CPU emulation: correct, slow).

import { existsSync } from 'node:fs';
import { requestDeviceFor } from './device';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpu {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly info: GPUAdapterInfo;
}

/** The GPU object of the `webgpu` package, or null with the reason when it cannot load. */
export async function nodeGpu(): Promise<GPU | { error: string }> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    const mod = (await import('webgpu')) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
    // GPUBufferUsage & co. for code that uses the browser globals (the backend itself does not).
    if (!('GPUBufferUsage' in globalThis)) Object.assign(globalThis, mod.globals);
    return mod.create([]);
  } catch (e) {
    return { error: `the 'webgpu' package did not load: ${(e as Error).message}` };
  }
}

/** A device on the best adapter, or null with a reason (no driver, no adapter). */
export async function requestNodeDevice(): Promise<NodeGpu | { error: string }> {
  const gpu = await nodeGpu();
  if ('error' in gpu) return gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { error: `no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}; is libvulkan1 installed?)` };
  const device = await requestDeviceFor(adapter);
  return { device, adapter, info: adapter.info };
}
