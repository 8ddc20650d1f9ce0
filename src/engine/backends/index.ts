// Picks a backend for a device setting. WebGPU arrives with the next issue: it will be loaded
// here only when an adapter exists (in Node through the `webgpu` package, in the webview through
// navigator.gpu), implementing the Backend interface and every kernel name of cpu/kernels.ts.

import { type Backend, BackendUnavailableError } from '../backend';
import { CpuBackend } from './cpu';

export type Device = 'cpu' | 'webgpu' | 'auto';

export async function createBackend(device: Device): Promise<{ backend: Backend; note: string | null }> {
  if (device === 'webgpu') throw new BackendUnavailableError('the WebGPU backend is not available yet; train with --device cpu (or auto)');
  return { backend: new CpuBackend(), note: device === 'auto' ? 'device auto: WebGPU is not available yet, training on the CPU' : null };
}
