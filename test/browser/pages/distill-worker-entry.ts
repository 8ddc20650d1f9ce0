// The trainer page's worker training a distilled student in headless Chromium: the real worker
// bundle (webview/trainer/worker.ts, served as /trainer-worker.js and started by the page's own
// worker-client.ts), given the run as the page gives it — the 'start' message with the request and
// its teacher, then the training set in chunks, as main.ts forwards startOnPage's runData. The first
// chunk goes with the start and the rest only once the worker has said something (it started
// training) or after LATE_MS: the slow line chunking is for, where training starts on the first
// chunk. A worker that computed the teacher's cached soft targets before the whole set was in starts
// early (a few seconds here) and trains on the logits of empty inputs; one that waits for every chunk
// says nothing until LATE_MS has passed.
// The test calls window.__train(which) and gets the run's step losses back; the assertions are on the Node side.
import type { RunRequest } from '../../../src/protocol/runs';
import { startWorker } from '../../../webview/trainer/worker-client';
import type { ToPage } from '../../../webview/trainer/worker-protocol';
import { chunked, scenario } from '../distill-scenario';

export interface WorkerRun {
  readonly device: string | null;
  readonly distill: unknown;
  readonly losses: number[];
  readonly error: string | null;
}

const w = globalThis as unknown as Record<string, unknown>;
const LATE_MS = 20_000;

async function trainInWorker(request: RunRequest, splits: Awaited<ReturnType<typeof scenario>>['splits']): Promise<WorkerRun> {
  const { request: run, chunks } = chunked(request, splits);
  let device: string | null = null,
    distill: unknown = null;
  const losses: number[] = [];
  let sendRest = () => undefined as void;
  return new Promise((resolve) => {
    const done = (error: string | null) => resolve({ device, distill, losses, error });
    const onMessage = (m: ToPage) => {
      sendRest();
      if (m.type === 'runStarted') {
        device = m.payload.device;
        distill = m.payload.start.config.distill ?? null;
      }
      if (m.type === 'runProgress') losses.push(...m.payload.steps.map((s) => s.loss));
      if (m.type === 'runFailed') done(m.payload.message);
      if (m.type === 'runEnded') done(null);
    };
    startWorker(onMessage, done).then(
      (worker) => {
        worker.post({ type: 'start', run, preference: 'webgpu', incoming: splits.train.size });
        worker.post({ type: 'data', chunk: chunks[0]! });
        const timer = setTimeout(() => sendRest(), LATE_MS);
        sendRest = () => {
          sendRest = () => undefined;
          clearTimeout(timer);
          for (const chunk of chunks.slice(1)) worker.post({ type: 'data', chunk });
        };
      },
      (e: Error) => done(e.message),
    );
  });
}

w.__adapter = async (): Promise<string> => ((await navigator.gpu?.requestAdapter()) ? 'yes' : 'none');

w.__train = async (which: 'student' | 'plain'): Promise<WorkerRun> => {
  const s = await scenario();
  return trainInWorker(which === 'student' ? s.student : s.plain, s.splits);
};

w.__ready = true;
