// Starts the training worker. A webview may not start a worker from its resource URL (another
// origin), so the bundle is fetched and started from a blob: URL (CSP: worker-src blob:). One
// worker is kept ready ahead of the next run (prepareWorker): fetching and evaluating the engine
// bundle is then off the path from ▶ Train to the first step.
import type { FromPage, ToPage } from './worker-protocol';

let source: Promise<string> | null = null;
let spare: Promise<Worker> | null = null;

export interface TrainingWorker {
  post(message: FromPage, transfer?: Transferable[]): void;
  terminate(): void;
}

async function spawn(): Promise<Worker> {
  source ??= fetch(new URL('./trainer-worker.js', import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`could not load the training worker (${r.status})`);
    return r.text();
  });
  const url = URL.createObjectURL(new Blob([await source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'model-lab-trainer' });
  URL.revokeObjectURL(url);
  // A spare worker that fails while it waits keeps its error for the run that takes it.
  worker.onerror = (e) => (crashed.set(worker, e.message || 'the training worker crashed'), e.preventDefault());
  return worker;
}
const crashed = new WeakMap<Worker, string>();

/** Start the next run's worker now (it waits for its 'start'); a failure surfaces in startWorker. */
export function prepareWorker(): void {
  if (spare) return;
  spare = spawn();
  spare.catch(() => (spare = null));
}

export async function startWorker(onMessage: (m: ToPage) => void, onError: (message: string) => void): Promise<TrainingWorker> {
  const ready = spare ?? spawn();
  spare = null;
  const worker = await ready;
  const early = crashed.get(worker);
  if (early) throw new Error(early);
  worker.onmessage = (e: MessageEvent<ToPage>) => onMessage(e.data);
  worker.onerror = (e) => onError(e.message || 'the training worker crashed');
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
  };
}
