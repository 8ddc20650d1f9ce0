// The one choice of backend for a device preference, made the same way by the CLI (Dawn), the
// trainer worker (browser WebGPU) and the page's compute probe. Pure: the callers look for an
// adapter and act on the answer.
import { isSoftwareAdapter } from './adapter-kind';

export type DevicePreference = 'auto' | 'webgpu' | 'cpu';

export interface AdapterFacts {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter?: boolean;
}

/** What looking for an adapter found: its facts, or why there is none. */
export type AdapterProbe = { readonly adapter: AdapterFacts } | { readonly missing: string };

/** 'unavailable': WebGPU was asked for and there is no adapter; the caller fails with the reason. */
export interface BackendChoice {
  readonly device: 'webgpu' | 'cpu' | 'unavailable';
  readonly reason: string;
}

/** Whether a preference needs an adapter looked for at all. */
export const needsAdapter = (preference: DevicePreference): boolean => preference !== 'cpu';

export function adapterName(a: AdapterFacts): string {
  return a.description || [a.vendor, a.architecture, a.device].filter(Boolean).join(' ') || 'unknown adapter';
}

/**
 * auto: a hardware adapter, else the CPU (a software adapter emulates a GPU on the CPU: measured
 * here, lavapipe trains the sample CNN at 13 samples/s and the 784-512-256-10 MLP at 199, the
 * WebAssembly CPU backend at 134 and 2,836; the trainer page's SwiftShader trains that MLP at 86
 * samples/s, the WebAssembly backend back to back at 1,807 — docs/cpu-backend.md); webgpu: any adapter, else
 * unavailable; cpu: the CPU.
 * `probe` is null when no adapter was looked for (needsAdapter was false).
 */
export function chooseBackend(preference: DevicePreference, probe: AdapterProbe | null): BackendChoice {
  if (preference === 'cpu') return { device: 'cpu', reason: 'the device setting asks for the CPU' };
  const found = probe ?? { missing: 'no adapter was looked for' };
  if ('missing' in found) {
    return preference === 'webgpu'
      ? { device: 'unavailable', reason: `WebGPU is not available: ${found.missing}` }
      : { device: 'cpu', reason: `device auto: no WebGPU adapter (${found.missing}); training on the CPU` };
  }
  const name = adapterName(found.adapter);
  if (preference === 'auto' && isSoftwareAdapter(found.adapter)) {
    return {
      device: 'cpu',
      reason: `device auto: the only WebGPU adapter is a software one (${name}); training on the CPU, which is faster`,
    };
  }
  return { device: 'webgpu', reason: `training on WebGPU: ${name}` };
}
