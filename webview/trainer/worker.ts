// Runs one training run off the page's thread, on WebGPU when the worker finds an adapter and on
// the CPU otherwise, so the panel stays responsive either way. Talks to the page only (worker-
// protocol.ts); the page forwards its run events to the extension host unchanged.
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { chooseBackend, needsAdapter, type AdapterProbe, type DevicePreference } from '../../src/engine/backends/choose';
import type { Backend } from '../../src/engine/backend';
import { runAugmenter } from '../../src/engine/data/augment';
import { train, type RunControl } from '../../src/engine/train/trainer';
import type { EpochRecord, NamedTensors, RunStart, StepRecord } from '../../src/engine/train/types';
import type { LayerStats } from '../../src/engine/train/layer-stats';
import type { LayerStatsWire } from '../../src/protocol/runs';
import { checkpointToWire, tensorsToWire, wireToCheckpoint, wireToSplits, wireToTensors } from '../../src/protocol/run-wire';
import type { FromPage, ToPage } from './worker-protocol';
import { IncomingData } from './incoming-data';

/** Steps and epochs are sent in batches at most this often (a fast CPU run makes thousands a second);
 *  the first step of a run is sent alone, as soon as it ends. */
const PROGRESS_FLUSH_MS = 250;
/** Layer statistics for the architecture diagram: one snapshot a second (an eval run of one batch). */
const STATS_EVERY_MS = 1000;
/** Checkpoints go to the host (which writes them) every half minute inside an epoch and at an
 *  epoch's end at most every 10 s: each carries the weights and the optimizer's buffers. */
const CHECKPOINT_EVERY_MS = 30_000;
const CHECKPOINT_EPOCH_GAP_MS = 10_000;

const post = (message: ToPage) => (self as unknown as Worker).postMessage(message);
const control: RunControl & { paused: boolean } = { stop: false, lr: null, paused: false, checkpoint };
let resume: (() => void) | null = null;
let step = 0;
/** The run this worker trains (one per worker): every event names it, as the host's notifications do. */
let runId = '';
/** The training set as it arrives, when the host sends it in chunks; the gate holds each step until its batch is here. */
let incoming: IncomingData | null = null;
let dataGate: (() => Promise<void>) | null = null;

// A macrotask boundary after each step lets 'control' messages in; MessageChannel is the
// cheapest way to get one (setTimeout(0) is clamped after nesting).
const tick = new MessageChannel();
let tickDone: (() => void) | null = null;
tick.port1.onmessage = () => tickDone?.();

async function checkpoint(): Promise<void> {
  await dataGate?.();
  await new Promise<void>((r) => ((tickDone = r), tick.port2.postMessage(null)));
  if (!control.paused || control.stop) return;
  post({ type: 'runPaused', payload: { runId, paused: true, step } });
  await new Promise<void>((r) => (resume = r));
  post({ type: 'runPaused', payload: { runId, paused: false, step } });
}

/** The backend chooseBackend picks; a device that then fails to start counts as no adapter. */
async function pickBackend(preference: DevicePreference): Promise<{ backend: Backend; note: string | null }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  let adapter: GPUAdapter | null = null;
  let probe: AdapterProbe | null = null;
  const failed = (e: unknown): AdapterProbe => ({ missing: e instanceof Error ? e.message : String(e) });
  if (needsAdapter(preference)) {
    try {
      if (!gpu) throw new Error('this worker has no WebGPU (navigator.gpu is undefined)');
      adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      probe = adapter ? { adapter: adapter.info } : { missing: 'no WebGPU adapter' };
    } catch (e) {
      probe = failed(e);
    }
  }
  let choice = chooseBackend(preference, probe);
  if (choice.device === 'webgpu' && adapter) {
    try {
      return { backend: await WebGpuBackend.create(adapter), note: choice.reason };
    } catch (e) {
      choice = chooseBackend(preference, failed(e));
    }
  }
  if (choice.device === 'unavailable') throw new Error(choice.reason);
  return { backend: new CpuBackend(), note: choice.reason };
}

async function run(message: Extract<FromPage, { type: 'start' }>): Promise<void> {
  const { run: request, preference } = message;
  runId = request.runId;
  let data = wireToSplits(request.data);
  if (message.incoming !== null) {
    const t = data.train;
    incoming = new IncomingData(message.incoming, t.inputShape, t.targetLen, t.classes);
    data = { ...data, train: incoming.dataset };
    const batch = Math.max(1, Math.min(request.config.batch, message.incoming));
    dataGate = incoming.gate(batch);
  }
  const { backend, note } = await pickBackend(preference);
  await incoming?.until(Math.min(request.config.batch, incoming.total)); // the first batch (and the stats' probe rows)
  let steps: StepRecord[] = [],
    epochs: EpochRecord[] = [];
  let lastFlush = 0; // the first step goes out at once: the chart's first point must not wait for a batch
  const flush = () => {
    if (steps.length || epochs.length) post({ type: 'runProgress', payload: { runId, steps, epochs } });
    steps = [];
    epochs = [];
    lastFlush = Date.now();
  };
  const flushSoon = () => Date.now() - lastFlush >= PROGRESS_FLUSH_MS && flush();
  /** The best epoch's weights not yet sent (they go with the next checkpoint, or at the end). */
  const pending: { best: { epoch: number; weights: NamedTensors } | null } = { best: null };
  const sendBest = () => {
    const b = pending.best;
    pending.best = null;
    return b && { epoch: b.epoch, weights: tensorsToWire(b.weights) };
  };
  const started = (s: RunStart, resumedAt: { epoch: number; step: number } | null) => {
    const { initialWeights, ...start } = s;
    post({
      type: 'runStarted',
      payload: {
        runId,
        device: backend.name,
        deviceNote: note,
        start,
        initialWeights: resumedAt ? [] : tensorsToWire(initialWeights),
        resumedAt,
      },
    });
  };
  try {
    const end = await train({
      graph: request.graph,
      config: request.config,
      data,
      init: request.init && wireToTensors(request.init),
      resume: request.resume
        ? { checkpoint: wireToCheckpoint(request.resume.checkpoint), best: request.resume.best && wireToTensors(request.resume.best) }
        : null,
      checkpoints: {
        everyMs: CHECKPOINT_EVERY_MS,
        epochGapMs: CHECKPOINT_EPOCH_GAP_MS,
        best: (weights, epoch) => void (pending.best = { epoch, weights }),
        save: (c) => {
          flush(); // the host records the steps before the checkpoint that follows them
          post({ type: 'runCheckpoint', payload: { runId, reason: c.reason, checkpoint: checkpointToWire(c), best: sendBest() } });
        },
      },
      backend,
      control,
      shuffle: request.shuffle,
      augment: runAugmenter(request.augment, request.data.train.inputShape, request.config.seed),
      inspect: { everyMs: STATS_EVERY_MS, onStats: (s) => post({ type: 'runStats', payload: { runId, stats: statsToWire(s) } }) },
      observer: {
        start: (s) => started(s, null),
        resumed: (s, at) => started(s, at),
        step: (s) => {
          step = s.step;
          steps.push(s);
          flushSoon();
        },
        epoch: (e) => {
          epochs.push(e);
          flushSoon();
        },
      },
    });
    flush();
    if (pending.best) post({ type: 'runCheckpoint', payload: { runId, reason: 'stop', checkpoint: null, best: sendBest() } });
    const { weights, history, ...rest } = end;
    void history; // the host has every epoch already
    post({ type: 'runEnded', payload: { runId, end: rest, weights: tensorsToWire(weights) } });
  } catch (e) {
    flush();
    post({ type: 'runFailed', payload: { runId, message: e instanceof Error ? e.message : String(e) } });
  } finally {
    backend.dispose();
  }
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function statsToWire(s: LayerStats): LayerStatsWire {
  return {
    step: s.step,
    epoch: s.epoch,
    samples: s.samples,
    layers: s.layers.map((l) => ({
      layer: l.layer,
      mean: finite(l.mean),
      std: finite(l.std),
      ...(l.gradNorm === null ? {} : { gradNorm: finite(l.gradNorm) }),
      ...(l.weightNorm === null ? {} : { weightNorm: finite(l.weightNorm) }),
      ...(l.sparsity === undefined ? {} : { sparsity: l.sparsity }),
    })),
  };
}

self.onmessage = (event: MessageEvent<FromPage>) => {
  const m = event.data;
  switch (m.type) {
    case 'start':
      void run(m);
      return;
    case 'control':
      if (m.action === 'stop') control.stop = true;
      control.paused = m.action === 'pause';
      if (!control.paused) {
        resume?.();
        resume = null;
      }
      return;
    case 'lr':
      control.lr = m.lr;
      return;
    case 'data':
      incoming?.add(m.chunk);
      return;
  }
};
