// Picks a backend for a device setting in Node (the CLI): WebGPU comes from Dawn, loaded only when
// an adapter is looked for; the choice itself is chooseBackend's (./choose.ts), as in the webview.

import { type Backend, BackendUnavailableError } from '../backend';
import { chooseBackend, needsAdapter, type DevicePreference } from './choose';
import { CpuBackend } from './cpu';

export type Device = DevicePreference;

export async function createBackend(device: Device): Promise<{ backend: Backend; note: string | null }> {
  if (!needsAdapter(device)) return { backend: new CpuBackend(), note: null }; // asked for: nothing to explain
  const [{ requestNodeDevice }, { WebGpuBackend }] = await Promise.all([import('./webgpu/node-device'), import('./webgpu/index')]);
  const got = await requestNodeDevice();
  const choice = chooseBackend(device, 'error' in got ? { missing: got.error } : { adapter: got.info });
  switch (choice.device) {
    case 'unavailable':
      throw new BackendUnavailableError(`${choice.reason}; train with --device cpu (or auto)`);
    case 'cpu':
      return { backend: new CpuBackend(), note: choice.reason };
    case 'webgpu':
      if ('error' in got) throw new Error('chooseBackend picked WebGPU without an adapter');
      return { backend: new WebGpuBackend(got.device), note: choice.reason };
  }
}
