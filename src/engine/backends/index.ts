// Picks a backend for a device setting in Node (the CLI): WebGPU comes from Dawn, loaded only when
// an adapter is looked for; the choice itself is chooseBackend's (./choose.ts), as in the webview.
// The CPU is the WebAssembly SIMD backend on `threads` threads (./wasm), which falls back to the
// reference backend, with a note, where the runtime cannot run it.

import { type Backend, BackendUnavailableError } from '../backend';
import { adapterName, chooseBackend, needsAdapter, type DevicePreference } from './choose';
import { CpuBackend } from './cpu';
import { createWasmBackend, REFERENCE_LABEL } from './wasm';

export type Device = DevicePreference;

export interface CreateOptions {
  /** CPU threads (default: all cores). */
  readonly threads?: number;
}

export interface MadeBackend {
  readonly backend: Backend;
  /** Why this backend, when that needs saying (auto's choice, the CPU fallback). */
  readonly note: string | null;
  /** The device in words: "CPU (WebAssembly SIMD, relaxed) · 2 threads", "WebGPU: NAME". */
  readonly label: string;
}

/** MODEL_LAB_CPU=reference trains on the reference backend: for comparisons (docs/cpu-backend.md). */
async function cpu(opts: CreateOptions, reason: string | null): Promise<MadeBackend> {
  const made =
    process.env.MODEL_LAB_CPU === 'reference'
      ? { backend: new CpuBackend(), label: REFERENCE_LABEL, note: 'MODEL_LAB_CPU=reference: the reference CPU backend' }
      : await createWasmBackend({ threads: opts.threads });
  const note = [reason, made.note].filter(Boolean).join('; ') || null;
  return { backend: made.backend, note, label: made.label };
}

export async function createBackend(device: Device, opts: CreateOptions = {}): Promise<MadeBackend> {
  if (!needsAdapter(device)) return cpu(opts, null); // asked for: nothing to explain
  const [{ requestNodeDevice }, { WebGpuBackend }] = await Promise.all([import('./webgpu/node-device'), import('./webgpu/index')]);
  const got = await requestNodeDevice();
  const choice = chooseBackend(device, 'error' in got ? { missing: got.error } : { adapter: got.info });
  switch (choice.device) {
    case 'unavailable':
      throw new BackendUnavailableError(`${choice.reason}; train with --device cpu (or auto)`);
    case 'cpu':
      return cpu(opts, choice.reason);
    case 'webgpu':
      if ('error' in got) throw new Error('chooseBackend picked WebGPU without an adapter');
      return { backend: new WebGpuBackend(got.device), note: choice.reason, label: `WebGPU: ${adapterName(got.info)}` };
  }
}
