// The trainer page: says what it trains and on which device, runs training in a worker, shows
// progress with Stop / Pause / learning rate and the live charts (the Training view's, fed by the
// host), and forwards the run's events to the extension host.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { describeCompute, probeCompute } from '../../src/protocol/compute-info';
import { LiveCharts } from '../chart/live-charts';
import { renderCompute } from '../shared/compute-view';
import { HostToTrainer, TrainerToHost } from '../../src/protocol/trainer';
import { type ComputeInfo } from '../../src/protocol/wire';
import { buffersOf } from '../../src/protocol/run-wire';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { pageMemory } from '../shared/page-memory';
import { RunView } from './run-view';
import { runShower, type RunShower, type ShowHooks } from './run-shower';
import { prepareWorker, startWorker, type TrainingWorker } from './worker-client';
import type { RunEvent, ToPage } from './worker-protocol';
import { mark, takeMarks } from './timing';
import { LoadView } from './load-view';
import type { IncomingChunk } from './incoming-data';

mark('page script');
const sendMarks = () => channel.notify('timing', { marks: takeMarks() });

const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="trainer-header">
    <h1 id="title">Trainer</h1>
    <span id="file" class="muted"></span>
  </header>
  <section class="compute" aria-live="polite">
    <vscode-progress-ring id="probing"></vscode-progress-ring>
    <span>Compute:</span> <strong id="compute-text">looking for a GPU…</strong>
    <vscode-badge id="compute-kind" hidden></vscode-badge>
    <span id="compute-why" class="muted"></span>
    <small id="compute-unused" class="compute-unused" hidden></small>
  </section>
  <section id="data-load" class="run" aria-live="polite"></section>
  <div id="run"></div>
  <div id="trainer-charts" class="trainer-charts"></div>`;

const byId = (id: string) => document.getElementById(id)!;
const channel = connectToHost(TrainerToHost, HostToTrainer, 'trainer');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const load = new LoadView(byId('data-load'));
channel.on('target', ({ file, model }) => {
  byId('title').textContent = `Train · ${model}`;
  byId('file').textContent = file;
  // The host loads the data set before the run starts: say so instead of showing nothing.
  if (!current) {
    byId('run').replaceChildren();
    load.waiting();
  }
});
channel.on('dataProgress', ({ label, done, total }) => !current && !receiving && load.update('read', label, done, total));

/** A training set arriving in chunks (the startRun request's is empty): they go to the run's
 *  worker, held here until it is up; the bar follows them. */
let receiving: { runId: string; label: string; total: number; arrived: number; held: IncomingChunk[] | null } | null = null;
const postChunk = (worker: TrainingWorker, chunk: IncomingChunk) =>
  worker.post({ type: 'data', chunk }, [
    ...new Set(
      [chunk.indices, chunk.y, ...(chunk.x instanceof Float32Array ? [chunk.x] : [chunk.x.palette, chunk.x.codes])].map(
        (a) => a.buffer as ArrayBuffer,
      ),
    ),
  ]);
channel.on('runData', ({ runId, ...chunk }) => {
  const r = receiving;
  if (r?.runId !== runId) return; // a stopped run's remaining data
  if (r.arrived === 0) mark('page first chunk');
  if (r.held || !current) (r.held ??= []).push(chunk);
  else postChunk(current.worker, chunk);
  r.arrived = chunk.positions;
  load.update('send', r.label, r.arrived, r.total);
  if (r.arrived >= r.total) {
    mark('page data arrived');
    load.hide();
    if (!r.held) receiving = null;
  }
});

// ---- the live charts: the host's feed, the same as the Training view's --------------------------

/** The run whose first drawn loss point ends this click's timing line. */
let firstPointOf: string | null = null;
const live = new LiveCharts(byId('trainer-charts'), {
  what: 'this run',
  onRendered: () => {
    const run = firstPointOf ? live.store.runs.get(firstPointOf) : undefined;
    if (!run?.series.get('loss')?.length) return;
    firstPointOf = null;
    mark('page first point drawn');
    sendMarks();
  },
});
channel.on('metrics', (batch) => live.add(batch));
channel.on('runInfo', (info) => live.setInfo(info));
channel.on('current', ({ runIds }) => live.setCurrent(runIds));
channel.on('compute', (info) => showCompute(info));
channel.onPeerReady(() => {
  void Promise.all([channel.request('history', {}), channel.request('runs', {})])
    .then(([batches, runs]) => live.replace(batches, runs))
    .catch((e: unknown) => channel.notify('log', { level: 'warn', message: `history: ${e instanceof Error ? e.message : String(e)}` }));
});

channel.handle('probeCompute', async ({ preference }) => {
  mark('page probe start');
  const info = await probeCompute((navigator as Navigator & { gpu?: GPU }).gpu, preference);
  showCompute(info);
  mark('page probe done');
  sendMarks();
  channel.notify('log', { level: 'info', message: `compute: ${describeCompute(info).text}` });
  return info;
});

let shownCompute: ComputeInfo | null = null;
function showCompute(info: ComputeInfo): void {
  shownCompute = info;
  byId('probing').hidden = true;
  renderCompute({ text: byId('compute-text'), why: byId('compute-why'), unused: byId('compute-unused') }, info);
  // The badge marks a GPU run; "CPU" says it already.
  const badge = byId('compute-kind');
  badge.textContent = 'GPU';
  badge.hidden = info.backend !== 'webgpu';
}

// ---- runs: one worker per run, one run at a time ------------------------------------------------

let current: { runId: string; worker: TrainingWorker; view: RunView } | null = null;
/** The run on screen, ended or not: its last epoch's sample comes back from the host after its end. */
let shown: { runId: string; view: RunView } | null = null;

channel.handle('startRun', async ({ run, preference, incoming }) => {
  if (current) throw new Error(`a run is already in progress (${current.runId}); stop it first`);
  mark('page startRun received');
  receiving = incoming && { runId: run.runId, label: incoming.label, total: incoming.examples, arrived: 0, held: [] };
  if (receiving) load.update('send', incoming!.label, 0, incoming!.examples);
  else load.hide();
  const { runId } = run;
  firstPointOf = runId;
  return new Promise<{ device: 'webgpu' | 'cpu' }>((resolve, reject) => {
    let started = false;
    const fail = (message: string) => {
      finish();
      if (started) channel.notify('runFailed', { runId, message });
      else reject(new Error(message));
    };
    const view = new RunView(byId('run'), {
      stop: () => current?.worker.post({ type: 'control', action: 'stop' }),
      pause: (paused) => current?.worker.post({ type: 'control', action: paused ? 'pause' : 'resume' }),
      setLearningRate: (lr) => {
        current?.worker.post({ type: 'lr', lr });
        channel.notify('runLearningRateChanged', { runId, lr, step: shower.lastStep });
      },
    });
    const finish = () => {
      current?.worker.terminate();
      current = null;
      if (receiving?.runId === runId) {
        receiving = null;
        load.hide();
      }
      prepareWorker();
    };
    /** What the page shows of a run event. Each is then forwarded as it came; a failure goes through
     *  fail(), which rejects startRun instead when the run never started. */
    const shower = runShower(view, run.config.epochs, showHooks);
    const show = (m: ToPage): void => {
      if (m.type === 'runStarted') started = true;
      shower.show(m);
    };
    startWorker((m) => {
      show(m);
      if (m.type === 'runFailed') return fail(m.payload.message);
      forward(m);
      if (m.type === 'runStarted') resolve({ device: m.payload.device });
      if (m.type === 'runEnded') finish();
    }, fail).then(
      (worker) => {
        mark('page worker up');
        current = { runId, worker, view };
        shown = { runId, view };
        const d = run.data;
        // The data came from the host for this run only: hand its memory to the worker.
        const buffers = buffersOf(d.train.x, d.train.y, d.val?.x, d.val?.y, d.test?.x, d.test?.y);
        worker.post({ type: 'start', run, preference, incoming: incoming?.examples ?? null }, buffers);
        const r = receiving?.runId === runId ? receiving : null;
        for (const chunk of r?.held?.splice(0) ?? []) postChunk(worker, chunk);
        if (r) r.held = null;
        if (r && r.arrived >= r.total) receiving = null;
      },
      (e: Error) => fail(e.message),
    );
  });
});

/** The page's part of a run's start and first point, wherever it trains. */
const showHooks: ShowHooks = {
  device: (device, note) => {
    mark('page runStarted');
    // The run is where the worker put it: when that is not where the probe said, say so.
    if (shownCompute && device !== shownCompute.backend) showCompute({ ...shownCompute, backend: device, reason: note });
  },
  firstLoss: () => {
    mark('page first loss shown');
    sendMarks();
  },
};

// ---- a run the host trains (the CPU, in its worker thread): this page shows it, its buttons go to the host

let hosted: { runId: string; shower: RunShower } | null = null;
channel.on('hostRun', (m) => {
  const runId = m.payload.runId;
  if (m.type === 'runStarted') {
    load.hide();
    firstPointOf = runId;
    const view = new RunView(byId('run'), {
      stop: () => channel.notify('runControl', { runId, action: 'stop' }),
      pause: (paused) => channel.notify('runControl', { runId, action: paused ? 'pause' : 'resume' }),
      setLearningRate: (lr) => channel.notify('runLearningRateChanged', { runId, lr, step: hosted?.shower.lastStep ?? 0 }),
    });
    hosted = { runId, shower: runShower(view, m.payload.start.config.epochs, showHooks) };
    shown = { runId, view };
  }
  if (hosted?.runId !== runId) return;
  hosted.shower.show(m);
  if (m.type === 'runEnded' || m.type === 'runFailed') hosted = null;
});

/** A worker's run event is the host's notification as it is. */
function forward<K extends RunEvent>(m: ToPage<K>): void {
  channel.notify(m.type, m.payload);
}

channel.handle('memory', async () => pageMemory());

channel.on('runSample', ({ runId, epoch, text }) => {
  if (shown?.runId === runId) shown.view.sample(epoch, text);
});

channel.on('runControl', ({ runId, action }) => {
  if (current?.runId === runId) current.worker.post({ type: 'control', action });
});

mark('page ready');
channel.announceReady();
prepareWorker();
