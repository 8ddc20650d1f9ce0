// What a run needs to continue exactly where it was (a checkpoint), and how the trainer takes and
// restores one. Everything that a step's numbers depend on is here or is a pure function of what
// is here: the weights and running statistics, the optimizer's buffers (every plan buffer named
// opt.*), the counters (epoch, position in the epoch, step), the loss sums of the epoch under way,
// the early-stopping state and the best epoch. The data order is the shuffle RNG's output: it is
// replayed from the seed (`shuffled` times), so neither the order nor the generator's words need
// storing. Dropout masks and augmentation are hashes of (seed, step) and the learning-rate
// schedule a closed form of (epoch, step) and the run's length (its config): both follow from the counters.

import type { Executable } from '../plan/executable';
import type { StopperState } from './early-stop';
import type { EpochRecord, NamedTensors } from './types';

export const CHECKPOINT_VERSION = 1;

export interface TrainState {
  readonly version: number;
  /** The 0-based epoch the run continues in, and the first example of it still to train. */
  readonly epoch: number;
  readonly batchStart: number;
  /** Optimizer steps taken. */
  readonly step: number;
  /** Shuffles of the training order so far (the current epoch's included). */
  readonly shuffled: number;
  readonly trainedSamples: number;
  readonly trainMs: number;
  /** The running loss sum and sample count of the epoch under way (zero at an epoch's start). */
  readonly epochLoss: number;
  readonly epochN: number;
  /** Epoch records so far, and the last of them (the run's final metrics if nothing follows). */
  readonly epochs: number;
  readonly last: EpochRecord | null;
  readonly stopper: StopperState | null;
  /** The best epoch so far and its metrics (its weights are best.safetensors). */
  readonly best: { readonly epoch: number; readonly metrics: Readonly<Record<string, number>> } | null;
}

export interface Checkpoint {
  readonly state: TrainState;
  /** Parameters and running statistics, by name (as weights.safetensors). */
  readonly weights: NamedTensors;
  /** The optimizer's buffers, flat, by plan buffer name (opt.exp_avg, ...). */
  readonly optimizer: NamedTensors;
  /** Why it was taken: an epoch ended, the interval passed, or the run was stopped. */
  readonly reason: 'epoch' | 'interval' | 'stop';
}

/** Where a resumed run starts: a checkpoint, and the best epoch's weights when one was kept. */
export interface ResumeFrom {
  readonly checkpoint: Pick<Checkpoint, 'state' | 'weights' | 'optimizer'>;
  readonly best?: NamedTensors | null;
}

/** How the trainer hands checkpoints out. */
export interface CheckpointSink {
  /** Milliseconds between checkpoints inside an epoch (one is taken at every epoch's end anyway). */
  readonly everyMs: number;
  /** An epoch's end checkpoints only this long after the last one (tiny epochs: not thousands a second). */
  readonly epochGapMs?: number;
  save(c: Checkpoint): void | Promise<void>;
  /** The weights of a new best epoch (a watched validation metric improved): handed out before the
   *  next checkpoint that names it, and at the run's end. */
  best?(weights: NamedTensors, epoch: number): void | Promise<void>;
}

/** The optimizer's buffers of an executable, read back. */
export async function readOptimizer(exe: Executable): Promise<NamedTensors> {
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (let b = 0; b < exe.plan.buffers.length; b++) {
    const buf = exe.plan.buffers[b]!;
    if (!buf.name.startsWith('opt.')) continue;
    const data = await exe.backend.read(exe.handle(b));
    out.set(buf.name, { shape: [data.length], data });
  }
  return out;
}

/** Writes a checkpoint's weights and optimizer buffers into an executable; every buffer must fit. */
export function restoreInto(exe: Executable, c: ResumeFrom['checkpoint']): void {
  if (c.state.version !== CHECKPOINT_VERSION)
    throw new Error(`checkpoint version ${c.state.version}; this Model Lab reads version ${CHECKPOINT_VERSION}`);
  exe.writeWeights(exe.flat(c.weights));
  for (let b = 0; b < exe.plan.buffers.length; b++) {
    const buf = exe.plan.buffers[b]!;
    if (!buf.name.startsWith('opt.')) continue;
    const t = c.optimizer.get(buf.name);
    if (!t) throw new Error(`checkpoint has no optimizer buffer '${buf.name}' (was it trained with another optimizer?)`);
    if (t.data.length !== buf.size) throw new Error(`checkpoint's '${buf.name}' has ${t.data.length} values, the run needs ${buf.size}`);
    exe.backend.write(exe.handle(b), t.data);
  }
}

/** The best epoch so far: its number, metrics and (once read) weights. */
export interface BestEpoch {
  readonly epoch: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly weights: NamedTensors | null;
}

/** The trainer's side of checkpointing: when one is due, the best epoch, and the saving order
 *  (the best weights before the checkpoint that names their epoch). */
export class Checkpointer {
  private due: number;
  private last = 0;
  private bestDirty = false;

  constructor(
    private readonly exe: Executable,
    private readonly sink: CheckpointSink | null,
    public best: BestEpoch | null,
  ) {
    this.due = sink ? Date.now() + sink.everyMs : Infinity;
  }

  /** The interval inside an epoch has passed. */
  intervalDue(): boolean {
    return Date.now() >= this.due;
  }

  async newBest(epoch: number, metrics: Readonly<Record<string, number>>): Promise<void> {
    this.best = { epoch, metrics, weights: this.exe.named(await this.exe.readWeights()) };
    this.bestDirty = true;
  }

  /** Takes a checkpoint of the executable's buffers and the given counters (an epoch's end only
   *  once epochGapMs has passed since the last one). */
  async save(reason: Checkpoint['reason'], counters: Omit<TrainState, 'version' | 'best'>): Promise<void> {
    const sink = this.sink;
    if (!sink || (reason === 'epoch' && Date.now() - this.last < (sink.epochGapMs ?? 0))) return;
    await this.flushBest();
    const best = this.best && { epoch: this.best.epoch, metrics: this.best.metrics };
    const state: TrainState = { version: CHECKPOINT_VERSION, ...counters, best };
    const weights = this.exe.named(await this.exe.readWeights());
    await sink.save({ state, weights, optimizer: await readOptimizer(this.exe), reason });
    this.last = Date.now();
    this.due = this.last + sink.everyMs;
  }

  /** Hands out the best epoch's weights if they changed since they were last handed out. */
  async flushBest(): Promise<void> {
    if (this.bestDirty && this.best?.weights) await this.sink?.best?.(this.best.weights, this.best.epoch);
    this.bestDirty = false;
  }
}
