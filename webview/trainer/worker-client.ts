// Starts the training worker. A webview may not start a worker from its resource URL (another
// origin), so the bundle is fetched and started from a blob: URL (CSP: worker-src blob:).
import type { FromPage, ToPage } from './worker-protocol';

let source: Promise<string> | null = null;

export interface TrainingWorker {
  post(message: FromPage, transfer?: Transferable[]): void;
  terminate(): void;
}

export async function startWorker(onMessage: (m: ToPage) => void, onError: (message: string) => void): Promise<TrainingWorker> {
  source ??= fetch(new URL('./trainer-worker.js', import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`could not load the training worker (${r.status})`);
    return r.text();
  });
  const url = URL.createObjectURL(new Blob([await source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'model-lab-trainer' });
  URL.revokeObjectURL(url);
  worker.onmessage = (e: MessageEvent<ToPage>) => onMessage(e.data);
  worker.onerror = (e) => onError(e.message || 'the training worker crashed');
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
  };
}
