// One training run seen from the extension host: it writes the run record as the page's events
// arrive (so a crash or a closed panel loses nothing already trained) and tells the rest of the
// extension what happens through the shared RunEvents emitter.
import * as vscode from 'vscode';
import type { RunPlan } from '../../lang';
import { RunRecordWriter } from '../../engine/io/record-file';
import type { StartExtras } from '../../engine/io/run-record';
import type { EpochRecord, RunStatus, SampleRecord, StepRecord } from '../../engine/train/types';
import type { RunCheckpoint, RunEnded, RunStarted } from '../../protocol/runs';
import { wireToCheckpoint, wireToTensors } from '../../protocol/run-wire';

export type RunUpdate =
  | { readonly kind: 'started'; readonly session: RunSession }
  | {
      readonly kind: 'progress';
      readonly session: RunSession;
      readonly steps: readonly StepRecord[];
      readonly epochs: readonly EpochRecord[];
      /** A language model's samples after these epochs, as text (the record's `sample` lines). */
      readonly samples: readonly { readonly epoch: number; readonly text: string }[];
    }
  | { readonly kind: 'paused'; readonly session: RunSession; readonly paused: boolean }
  | { readonly kind: 'lr'; readonly session: RunSession; readonly lr: number | null; readonly step: number }
  | { readonly kind: 'ended'; readonly session: RunSession };

/** What a finished run reports: how it ended and its final numbers. */
export interface RunOutcome {
  readonly runId: string;
  readonly dir: string;
  readonly status: RunStatus;
  readonly message: string;
  /** Where it trained; null when it never started. */
  readonly device: 'webgpu' | 'cpu' | null;
  readonly final: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly epochs: number;
  /** The epoch the run kept as its best (1-based), when the trainer said. */
  readonly bestEpoch?: number;
}

export class RunSession {
  readonly label: string;
  device: 'webgpu' | 'cpu' | null = null;
  params = 0;
  stepsPerEpoch = 0;
  lastStep: StepRecord | null = null;
  lastEpoch: EpochRecord | null = null;
  outcome: RunOutcome | null = null;
  /** The training set's hash, when the host knows it better than the page (a set sent in chunks:
   *  the page hashes what it has when the run starts, which is not all of it yet). */
  dataHash: (() => string) | null = null;
  private readonly record: RunRecordWriter;
  private readonly done: Promise<RunOutcome>;
  private settle!: (o: RunOutcome) => void;
  private readonly startedAt = Date.now();

  constructor(
    readonly runId: string,
    readonly plan: RunPlan,
    readonly document: vscode.Uri,
    readonly dir: string,
    private readonly emit: (u: RunUpdate) => void,
    recordExtra: StartExtras = {},
    /** Continue the record already in `dir` (a resumed run). */
    resume = false,
  ) {
    const sweep = plan.config.sweep
      ? ` (${Object.entries(plan.config.sweep)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`
      : '';
    this.label = `${plan.graph.name}${sweep}`;
    this.record = new RunRecordWriter(
      dir,
      { file: document.fsPath, data: plan.data, graph: plan.graph, source: 'vscode', ...recordExtra },
      20,
      resume,
    );
    this.done = new Promise((r) => (this.settle = r));
  }

  get model(): string {
    return this.plan.graph.name;
  }

  get epochs(): number {
    return this.plan.config.epochs;
  }

  finished(): Promise<RunOutcome> {
    return this.done;
  }

  started(m: RunStarted): void {
    this.device = m.device;
    this.params = m.start.params;
    this.stepsPerEpoch = m.start.stepsPerEpoch;
    const start = this.dataHash ? { ...m.start, dataHash: this.dataHash() } : m.start;
    if (m.resumedAt) this.record.resumed({ ...start, initialWeights: new Map() }, m.resumedAt);
    else this.record.start({ ...start, initialWeights: wireToTensors(m.initialWeights) });
    this.emit({ kind: 'started', session: this });
  }

  /** The page's checkpoint (and the best epoch's weights), written into the run folder. */
  checkpoint(m: RunCheckpoint): void {
    const sink = this.record.checkpoints(0);
    if (m.best) void sink.best?.(wireToTensors(m.best.weights), m.best.epoch);
    if (m.checkpoint) void sink.save({ ...wireToCheckpoint(m.checkpoint), reason: m.reason });
  }

  /** A batch from the page: its steps and the epochs that ended among them, recorded in the order
   *  they happened (an epoch's line after its last step, as the CLI writes them). */
  progress(steps: readonly StepRecord[], epochs: readonly EpochRecord[], samples: readonly SampleRecord[] = []): void {
    let i = 0;
    for (const e of epochs) {
      for (; i < steps.length && steps[i]!.step <= e.step; i++) this.record.step(steps[i]!);
      this.record.epoch(e);
    }
    for (; i < steps.length; i++) this.record.step(steps[i]!);
    // The trainer samples after an epoch's line, before the next step: the batch ends with them.
    const texts = samples.map((s) => ({ epoch: s.epoch, text: this.record.sample(s) }));
    this.lastStep = steps[steps.length - 1] ?? this.lastStep;
    this.lastEpoch = epochs[epochs.length - 1] ?? this.lastEpoch;
    this.emit({ kind: 'progress', session: this, steps, epochs, samples: texts });
  }

  paused(paused: boolean, step: number): void {
    this.record.mark({ type: paused ? 'pause' : 'resume', step });
    this.emit({ kind: 'paused', session: this, paused });
  }

  learningRate(lr: number | null, step: number): void {
    this.record.mark({ type: 'lr', step, lr });
    this.emit({ kind: 'lr', session: this, lr, step });
  }

  ended(m: RunEnded): void {
    if (this.outcome) return;
    this.record.end({ ...m.end, weights: wireToTensors(m.weights), history: [] });
    this.finish({
      status: m.end.status,
      message: m.end.message,
      final: m.end.final,
      seconds: m.end.seconds,
      epochs: m.end.epochs,
      bestEpoch: m.end.bestEpoch,
    });
  }

  /** The run ended without the trainer saying so: it failed, or its panel was closed. */
  abort(status: 'error' | 'interrupted', message: string): void {
    if (this.outcome) return;
    this.record.fail(message, status);
    const final = this.lastEpoch ? { ...this.lastEpoch.metrics } : {};
    this.finish({ status, message, final, seconds: (Date.now() - this.startedAt) / 1000, epochs: this.lastEpoch?.epoch ?? 0 });
  }

  private finish(o: Omit<RunOutcome, 'runId' | 'dir' | 'device'>): void {
    this.outcome = { runId: this.runId, dir: this.dir, device: this.device, ...o };
    this.emit({ kind: 'ended', session: this });
    this.settle(this.outcome);
  }
}
