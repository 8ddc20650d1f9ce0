// WebGPU in Node through Dawn (the `webgpu` package), for the CLI and the GPU tests. The only
// file that loads 'webgpu', and only by dynamic import, so bundles for the browser never do.
//
// Which Vulkan driver: VK_ICD_FILENAMES when set; otherwise the system's own drivers first (a
// real GPU, or Mesa >= 25's lavapipe, ~10x faster than SwiftShader); when they give no adapter,
// VK_ICD_FILENAMES defaults to Chromium's SwiftShader if installed (correct, slow).
//
// The Dawn instance must outlive every device made from it: when the GPU object is garbage
// collected while a device is in use, Dawn's threads lock freed mutexes and the process aborts
// after a few dozen submits ("The futex facility returned an unexpected error code",
// pthread_mutex_lock assertions, std::system_error: Invalid argument). Instances are held here
// for the life of the process.

import { existsSync } from 'node:fs';
import { requestDeviceFor } from './device';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpu {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly info: GPUAdapterInfo;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

const instances: GPU[] = [];
let cached: Promise<{ gpu: GPU; adapter: GPUAdapter } | { error: string }> | null = null;

async function loadDawn(): Promise<DawnModule | { error: string }> {
  try {
    const mod = (await import('webgpu')) as DawnModule;
    // GPUBufferUsage & co. for code that uses the browser globals (the backend itself does not).
    if (!('GPUBufferUsage' in globalThis)) Object.assign(globalThis, mod.globals);
    return mod;
  } catch (e) {
    return { error: `the 'webgpu' package did not load: ${(e as Error).message}` };
  }
}

async function findAdapter(): Promise<{ gpu: GPU; adapter: GPUAdapter } | { error: string }> {
  const dawn = await loadDawn();
  if ('error' in dawn) return dawn;
  const attempt = async () => {
    const gpu = dawn.create([]);
    instances.push(gpu);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter ? { gpu, adapter } : null;
  };
  const first = await attempt();
  if (first) return first;
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const second = await attempt();
    if (second) return second;
  }
  return {
    error: `no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}; is libvulkan1 and a Vulkan driver installed?)`,
  };
}

/** The GPU object with an adapter (found once per process), or the reason there is none. */
export async function nodeGpu(): Promise<GPU | { error: string }> {
  cached ??= findAdapter();
  const got = await cached;
  return 'error' in got ? got : got.gpu;
}

/** A new device on the process's adapter, or the reason there is none. */
export async function requestNodeDevice(): Promise<NodeGpu | { error: string }> {
  cached ??= findAdapter();
  const got = await cached;
  if ('error' in got) return got;
  // An adapter gives one device in the spec; Dawn's Node binding allows more, but ask anew on
  // the same instance to be portable.
  const adapter = (await got.gpu.requestAdapter({ powerPreference: 'high-performance' })) ?? got.adapter;
  const device = await requestDeviceFor(adapter);
  return { device, adapter, info: adapter.info };
}
