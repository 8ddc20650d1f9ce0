// Picks a backend for a device setting in Node (the CLI). The webview makes its own choice from
// navigator.gpu (webview/trainer/worker.ts); here WebGPU comes from Dawn, loaded only when asked.

import { type Backend, BackendUnavailableError } from '../backend';
import { isSoftwareAdapter } from './adapter-kind';
import { CpuBackend } from './cpu';

export type Device = 'cpu' | 'webgpu' | 'auto';

export async function createBackend(device: Device): Promise<{ backend: Backend; note: string | null }> {
  if (device === 'cpu') return { backend: new CpuBackend(), note: null };
  const [{ requestNodeDevice }, { WebGpuBackend }] = await Promise.all([import('./webgpu/node-device'), import('./webgpu/index')]);
  const got = await requestNodeDevice();
  if ('error' in got) {
    if (device === 'webgpu') throw new BackendUnavailableError(`WebGPU is not available: ${got.error}; train with --device cpu (or auto)`);
    return { backend: new CpuBackend(), note: `device auto: no WebGPU adapter (${got.error}); training on the CPU` };
  }
  const name = got.info.description || [got.info.vendor, got.info.architecture].filter(Boolean).join(' ');
  if (device === 'auto' && isSoftwareAdapter(got.info)) return { backend: new CpuBackend(), note: `device auto: the only WebGPU adapter is a software one (${name}); training on the CPU, which is faster` };
  return { backend: new WebGpuBackend(got.device), note: `training on WebGPU: ${name}` };
}
