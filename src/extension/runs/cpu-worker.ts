// The extension host's CPU trainer: a worker_threads Worker (dist/cpu-worker.js) that trains one run
// with the fast CPU backend (WebAssembly SIMD on `threads` threads, which need SharedArrayBuffer: a
// webview has none). It speaks the trainer page's worker language, through the same driver, so the
// host records its events as it records the page's. No vscode here: it runs outside the host's thread.
import { parentPort } from 'node:worker_threads';
import { createWasmBackend } from '../../engine/backends/wasm';
import { RunDriver, type ControlMessage, type RunEventMessage } from '../../protocol/run-driver';
import type { RunRequest } from '../../protocol/runs';
import { wireToSplits } from '../../protocol/run-wire';

export type ToCpuWorker = { readonly type: 'start'; readonly run: RunRequest; readonly threads: number } | ControlMessage;

/** The backend's line ("CPU (WebAssembly SIMD, relaxed) · 2 threads") and why, before the run's events. */
export type FromCpuWorker = RunEventMessage | { readonly type: 'backend'; readonly label: string; readonly note: string | null };

const port = parentPort;
if (port) {
  const driver = new RunDriver();
  const post = (m: FromCpuWorker) => port.postMessage(m);
  port.on('message', (m: ToCpuWorker) => {
    if (m.type !== 'start') return driver.handle(m);
    void (async () => {
      const made = await createWasmBackend({ threads: m.threads });
      post({ type: 'backend', label: made.label, note: made.note });
      await driver.run({ request: m.run, data: wireToSplits(m.run.data), backend: made.backend, note: made.note ?? made.label, post });
      port.close();
    })();
  });
}
