// One wording of "where does the run compute, and why", shared by the trainer panel, the status
// bar and the Training view: each shows `text`, then `why`, and `unused` smaller, after.
import { adapterName, chooseBackend, needsAdapter, type DevicePreference } from '../engine/backends/choose';
import { isSoftwareAdapter } from '../engine/backends/adapter-kind';
import type { ComputeInfo } from './wire';

export interface ComputeWording {
  /** Where the run is: "WebGPU · NVIDIA GeForce RTX 4070", "CPU (WebAssembly SIMD) · 2 threads" or "CPU". */
  readonly text: string;
  /** Why, in a few words: "the only WebGPU adapter here is a software one". */
  readonly why: string;
  /** The adapter found and not used, secondary: "Not used: WebGPU · google swiftshader (software)". */
  readonly unused: string | null;
}

export function describeCompute(info: ComputeInfo): ComputeWording {
  const a = info.adapter;
  const kind = a && isSoftwareAdapter(a) ? 'software' : 'hardware';
  if (info.backend === 'webgpu' && a) {
    const why =
      kind === 'software' ? 'a software adapter, asked for by the device setting (it emulates a GPU on the CPU)' : 'a hardware GPU adapter';
    return { text: `WebGPU · ${adapterName(a)}`, why, unused: null };
  }
  const unused = a ? `Not used: WebGPU · ${adapterName(a)} (${kind})` : null;
  const text = info.cpu ?? 'CPU';
  if (a && kind === 'software' && (info.reason ?? '').startsWith('device auto')) {
    return { text, why: 'the only WebGPU adapter here is a software one, slower than the CPU', unused };
  }
  return { text, why: shortReason(info.reason), unused };
}

/** chooseBackend's reason without what the text says already ("device auto: …; training on the CPU"). */
function shortReason(reason: string | null): string {
  return (reason ?? 'the CPU backend was chosen').replace(/^device auto: /, '').replace(/; training on the CPU.*$/, '');
}

/** The wording on one line (tooltips, the Training view): "CPU — why · Not used: …". */
export function computeLine(w: ComputeWording): string {
  return `${w.text} — ${w.why}${w.unused ? ` · ${w.unused}` : ''}`;
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

async function findAdapter(
  gpu: GPU | undefined,
): Promise<{ missing: string } | { adapter: NonNullable<ComputeInfo['adapter']>; limits: NonNullable<ComputeInfo['limits']> }> {
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
