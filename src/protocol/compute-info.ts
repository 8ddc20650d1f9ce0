// One wording of "what do we compute on", shared by the status bar and the webviews.
import { chooseBackend, needsAdapter, type DevicePreference } from '../engine/backends/choose';
import type { ComputeInfo } from './wire';

export function describeCompute(info: ComputeInfo): { text: string; detail: string } {
  if (info.backend === 'webgpu' && info.adapter) {
    const a = info.adapter;
    const name = a.description || [a.vendor, a.architecture, a.device].filter(Boolean).join(' ') || 'unknown adapter';
    return { text: `WebGPU · ${name}`, detail: a.isFallbackAdapter ? 'software (fallback) adapter' : 'hardware adapter' };
  }
  return { text: 'CPU', detail: info.reason ?? 'the CPU backend was chosen' };
}


/**
 * Find out what a page (or Node with Dawn) can compute on. `gpu` is navigator.gpu, or the GPU
 * object of the `webgpu` package. The choice is chooseBackend's, the one the trainer makes; it
 * never throws: every failure becomes the CPU with a reason (an adapter it passed over is kept).
 */
export async function probeCompute(gpu: GPU | undefined, preference: DevicePreference): Promise<ComputeInfo> {
  if (!needsAdapter(preference)) return { backend: 'cpu', adapter: null, limits: null, reason: chooseBackend(preference, null).reason };
  const found = await findAdapter(gpu);
  const choice = chooseBackend(preference, 'missing' in found ? found : { adapter: found.adapter });
  const adapter = 'missing' in found ? null : found.adapter;
  const limits = 'missing' in found ? null : found.limits;
  if (choice.device === 'webgpu') return { backend: 'webgpu', adapter, limits, reason: null };
  return { backend: 'cpu', adapter, limits, reason: choice.reason };
}

async function findAdapter(gpu: GPU | undefined): Promise<{ missing: string } | { adapter: NonNullable<ComputeInfo['adapter']>; limits: NonNullable<ComputeInfo['limits']> }> {
  if (!gpu) return { missing: 'this environment has no WebGPU (navigator.gpu is undefined)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { missing: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { missing: 'WebGPU is present but no adapter is available (no driver, or blocked)' };
  const info = adapter.info;
  const l = adapter.limits;
  return {
    adapter: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
    },
    limits: {
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
    },
  };
}
