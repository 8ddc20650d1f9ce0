// Drives one training run in a worker and says what happens as the host's run notifications
// (runStarted, runProgress, …, payload and all): the trainer page's worker (WebGPU, or the reference
// CPU) and the extension host's CPU worker (WebAssembly SIMD on threads) both run it, so progress
// has one format whichever side trains. The worker picks the backend; this file never imports one.
import type { Backend } from '../engine/backend';
import type { Splits } from '../engine/data/dataset';
import { runAugmenter } from '../engine/data/augment';
import { train, type RunControl } from '../engine/train/trainer';
import type { EpochRecord, NamedTensors, RunStart, SampleRecord, StepRecord } from '../engine/train/types';
import type { LayerStats } from '../engine/train/layer-stats';
import type { Payload } from './envelope';
import type { LayerStatsWire, RunRequest } from './runs';
import type { TrainerToHost } from './trainer';
import { checkpointToWire, tensorsToWire, wireToCheckpoint, wireToTensors } from './run-wire';

/** The host's notifications a run's worker sends. */
export type RunEvent = 'runStarted' | 'runProgress' | 'runPaused' | 'runStats' | 'runCheckpoint' | 'runEnded' | 'runFailed';

export type RunEventMessage<K extends RunEvent = RunEvent> = {
  [T in K]: { readonly type: T; readonly payload: Payload<typeof TrainerToHost, T> };
}[K];

/** What a worker's control messages change: stop, pause and the learning rate. */
export type ControlMessage =
  { readonly type: 'control'; readonly action: 'stop' | 'pause' | 'resume' } | { readonly type: 'lr'; readonly lr: number | null };

/** Steps and epochs are sent in batches at most this often (a fast CPU run makes thousands a second);
 *  the first step of a run is sent alone, as soon as it ends. */
const PROGRESS_FLUSH_MS = 250;
/** Layer statistics for the architecture diagram: one snapshot a second (an eval run of one batch). */
const STATS_EVERY_MS = 1000;
/** Checkpoints go to the host (which writes them) every half minute inside an epoch and at an
 *  epoch's end at most every 10 s: each carries the weights and the optimizer's buffers. */
const CHECKPOINT_EVERY_MS = 30_000;
const CHECKPOINT_EPOCH_GAP_MS = 10_000;

export interface DriveOptions {
  readonly request: RunRequest;
  readonly data: Splits;
  readonly backend: Backend;
  /** Why this backend (chooseBackend's reason, or the fast CPU's fallback note). */
  readonly note: string | null;
  readonly post: (m: RunEventMessage) => void;
  /** Held before each step until its batch is here (a training set that arrives in chunks). */
  readonly gate?: (() => Promise<void>) | null;
}

/** One run's control, set by the worker's messages between steps. */
export class RunDriver {
  private readonly control: RunControl & { paused: boolean } = { stop: false, lr: null, paused: false, checkpoint: () => this.between() };
  private resumeWaiter: (() => void) | null = null;
  private step = 0;
  private runId = '';
  private gate: (() => Promise<void>) | null = null;
  private post: (m: RunEventMessage) => void = () => undefined;
  // A macrotask boundary after each step lets control messages in; MessageChannel is the cheapest
  // way to get one in a browser worker and in Node alike (setTimeout(0) is clamped after nesting).
  // The channel lives only while a run does: an open port with a listener keeps Node alive, which a
  // run needs (the CLI and the host's CPU worker must not exit while it waits on a tick) and an idle
  // or finished driver must not do.
  private tick: MessageChannel | null = null;
  private tickDone: (() => void) | null = null;

  handle(m: ControlMessage): void {
    if (m.type === 'lr') {
      this.control.lr = m.lr;
      return;
    }
    if (m.action === 'stop') this.control.stop = true;
    this.control.paused = m.action === 'pause';
    if (!this.control.paused) {
      this.resumeWaiter?.();
      this.resumeWaiter = null;
    }
  }

  private async between(): Promise<void> {
    await this.gate?.();
    const tick = this.tick;
    if (tick) await new Promise<void>((r) => ((this.tickDone = r), tick.port2.postMessage(null)));
    if (!this.control.paused || this.control.stop) return;
    const runId = this.runId;
    this.post({ type: 'runPaused', payload: { runId, paused: true, step: this.step } });
    await new Promise<void>((r) => (this.resumeWaiter = r));
    this.post({ type: 'runPaused', payload: { runId, paused: false, step: this.step } });
  }

  /** Trains the run to its end; every outcome, a failure included, is a message. */
  async run(o: DriveOptions): Promise<void> {
    const { request, backend, post } = o;
    const runId = (this.runId = request.runId);
    this.post = post;
    this.gate = o.gate ?? null;
    this.openTick();
    const progress = new ProgressBatch(runId, post);
    const pending: { best: { epoch: number; weights: NamedTensors } | null } = { best: null };
    const sendBest = () => {
      const b = pending.best;
      pending.best = null;
      return b && { epoch: b.epoch, weights: tensorsToWire(b.weights) };
    };
    const started = (s: RunStart, resumedAt: { epoch: number; step: number } | null) => {
      const { initialWeights, ...start } = s;
      const weights = resumedAt ? [] : tensorsToWire(initialWeights);
      post({ type: 'runStarted', payload: { runId, device: backend.name, deviceNote: o.note, start, initialWeights: weights, resumedAt } });
    };
    try {
      const end = await train({
        graph: request.graph,
        config: request.config,
        data: o.data,
        init: request.init && wireToTensors(request.init),
        teacher: request.teacher ? { graph: request.teacher.graph, weights: wireToTensors(request.teacher.weights) } : null,
        resume: request.resume
          ? { checkpoint: wireToCheckpoint(request.resume.checkpoint), best: request.resume.best && wireToTensors(request.resume.best) }
          : null,
        checkpoints: {
          everyMs: CHECKPOINT_EVERY_MS,
          epochGapMs: CHECKPOINT_EPOCH_GAP_MS,
          best: (weights, epoch) => void (pending.best = { epoch, weights }),
          save: (c) => {
            progress.flush(); // the host records the steps before the checkpoint that follows them
            post({ type: 'runCheckpoint', payload: { runId, reason: c.reason, checkpoint: checkpointToWire(c), best: sendBest() } });
          },
        },
        backend,
        control: this.control,
        shuffle: request.shuffle,
        augment: runAugmenter(request.augment, request.data.train.inputShape, request.config.seed),
        inspect: { everyMs: STATS_EVERY_MS, onStats: (s) => post({ type: 'runStats', payload: { runId, stats: statsToWire(s) } }) },
        observer: {
          start: (s) => started(s, null),
          resumed: (s, at) => started(s, at),
          step: (s) => {
            this.step = s.step;
            progress.step(s);
          },
          epoch: (e) => progress.epoch(e),
          sample: (s) => progress.sample(s),
        },
      });
      progress.flush();
      if (pending.best) post({ type: 'runCheckpoint', payload: { runId, reason: 'stop', checkpoint: null, best: sendBest() } });
      const { weights, history, ...rest } = end;
      void history; // the host has every epoch already
      post({ type: 'runEnded', payload: { runId, end: rest, weights: tensorsToWire(weights) } });
    } catch (e) {
      progress.flush();
      post({ type: 'runFailed', payload: { runId, message: e instanceof Error ? e.message : String(e) } });
    } finally {
      this.closeTick();
      backend.dispose();
    }
  }

  private openTick(): void {
    this.closeTick(); // one run at a time: a worker starts its next run after the last has ended
    const tick = new MessageChannel();
    tick.port1.onmessage = () => this.tickDone?.();
    this.tick = tick;
  }

  private closeTick(): void {
    this.tick?.port1.close();
    this.tick?.port2.close();
    this.tick = null;
    this.tickDone = null;
  }
}

/** Steps and epochs, sent a few times a second; the first step at once (the chart's first point must not wait). */
class ProgressBatch {
  private steps: StepRecord[] = [];
  private epochs: EpochRecord[] = [];
  private samples: SampleRecord[] = [];
  private last = 0;

  constructor(
    private readonly runId: string,
    private readonly post: (m: RunEventMessage) => void,
  ) {}

  step(s: StepRecord): void {
    this.steps.push(s);
    this.soon();
  }

  epoch(e: EpochRecord): void {
    this.epochs.push(e);
    this.soon();
  }

  /** A sample follows its epoch: sent at once, with the steps and epochs before it. */
  sample(s: SampleRecord): void {
    this.samples.push(s);
    this.flush();
  }

  flush(): void {
    if (this.steps.length || this.epochs.length || this.samples.length) {
      const samples = this.samples.length ? { samples: this.samples } : {};
      this.post({ type: 'runProgress', payload: { runId: this.runId, steps: this.steps, epochs: this.epochs, ...samples } });
    }
    this.steps = [];
    this.epochs = [];
    this.samples = [];
    this.last = Date.now();
  }

  private soon(): void {
    if (Date.now() - this.last >= PROGRESS_FLUSH_MS) this.flush();
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
