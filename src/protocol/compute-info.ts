// One wording of "what do we compute on", shared by the status bar and the webviews.
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
 * object of the `webgpu` package. Never throws: every failure becomes the CPU with a reason.
 */
export async function probeCompute(gpu: GPU | undefined, preference: 'auto' | 'webgpu' | 'cpu'): Promise<ComputeInfo> {
  const cpu = (reason: string): ComputeInfo => ({ backend: 'cpu', adapter: null, limits: null, reason });
  if (preference === 'cpu') return cpu('the modelLab.device setting asks for the CPU');
  if (!gpu) return cpu('this environment has no WebGPU (navigator.gpu is undefined)');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return cpu(`requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!adapter) return cpu('WebGPU is present but no adapter is available (no driver, or blocked)');
  const info = adapter.info;
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  const l = adapter.limits;
  return {
    backend: 'webgpu',
    adapter: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: fallback,
    },
    limits: {
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
    },
    reason: null,
  };
}
