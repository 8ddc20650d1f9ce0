// Getting a GPUDevice: from a GPU object (navigator.gpu in the webview, create([]) from the
// `webgpu` package in Node), from an adapter, or a device the caller already has. The device
// asks for the adapter's own limits where they exceed the defaults (more storage buffers per
// stage, bigger bindings) and only for optional features the adapter supports.
// This file never imports 'webgpu': Node code gets a GPU object through node-device.ts.

/** Limits the kernels depend on; requested at the adapter's maximum. */
export const WANTED_LIMITS = [
  'maxStorageBuffersPerShaderStage',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupStorageSize',
  'maxBindGroups',
] as const;

/** Features used when present (timestamps for `npm run bench`; subgroup sums in the split-K
 *  gemm, variants.ts), never required. */
export const OPTIONAL_FEATURES: readonly GPUFeatureName[] = ['timestamp-query', 'subgroups' as GPUFeatureName];

export type GpuSource = GPU | GPUAdapter | GPUDevice;

export class WebGpuUnavailableError extends Error {}

export function isDevice(s: GpuSource): s is GPUDevice {
  return typeof (s as GPUDevice).createBuffer === 'function';
}

function isAdapter(s: GpuSource): s is GPUAdapter {
  return typeof (s as GPUAdapter).requestDevice === 'function';
}

export async function requestAdapter(gpu: GPU): Promise<GPUAdapter> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('WebGPU: no adapter (no GPU, or WebGPU disabled)');
  return adapter;
}

export async function requestDeviceFor(adapter: GPUAdapter, label = 'model-lab'): Promise<GPUDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const v = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  try {
    return await adapter.requestDevice({ label, requiredLimits, requiredFeatures });
  } catch {
    // Some implementations refuse limits they advertised; the defaults always work.
    return await adapter.requestDevice({ label });
  }
}

/** A device from any source; `owned` says whether the caller created it here (and should destroy it). */
export async function deviceFrom(source: GpuSource): Promise<{ device: GPUDevice; owned: boolean }> {
  if (isDevice(source)) return { device: source, owned: false };
  const adapter = isAdapter(source) ? source : await requestAdapter(source);
  return { device: await requestDeviceFor(adapter), owned: true };
}
