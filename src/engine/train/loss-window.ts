// The trainer's loss reader. Train step k writes its loss at slot k % W of the plan's loss log;
// losses come back in windows of W steps. A window's read is queued behind its steps and awaited
// only after the next window has been queued, so the device always has work while the CPU waits
// for a copy (awaiting at once left a GPU idle between windows). Two windows are in flight at
// most, hence pendingN holds 2W batch sizes. Reads resolve false once a loss is not finite.

import type { Backend } from '../backend';
import type { StepRecord } from './types';

export class LossWindows {
  /** Steps whose losses have been read or queued for reading. */
  private drained = 0;
  private reading: Promise<boolean> | null = null;
  private readonly pendingN: Int32Array;
  private epochLoss = 0;
  private epochN = 0;
  /** Why the run diverged (the first loss that was not finite), or null. */
  diverged: string | null = null;

  /** `log`: the backend handle of the loss log; W: its train slots (Plan.lossWindow). */
  /** `from`: the steps already taken (a resumed run: their losses were read before). */
  constructor(
    private readonly backend: Backend,
    private readonly log: number,
    private readonly W: number,
    private readonly onStep: (s: StepRecord) => void,
    from = 0,
  ) {
    this.pendingN = new Int32Array(2 * W);
    this.drained = from;
  }

  /** Before train step `step` (0-based) runs on n samples: the loss-log slot it writes. */
  slot(step: number, n: number): number {
    this.pendingN[step % (2 * this.W)] = n;
    return step % this.W;
  }

  /** A new epoch, or (resumed mid-epoch) one whose sums so far a checkpoint kept. */
  startEpoch(from: { readonly epochLoss: number; readonly epochN: number } = { epochLoss: 0, epochN: 0 }): void {
    this.epochLoss = from.epochLoss;
    this.epochN = from.epochN;
  }

  /** The epoch's sums so far, for a checkpoint (after a flush: every loss read). */
  sums(): { epochLoss: number; epochN: number } {
    return { epochLoss: this.epochLoss, epochN: this.epochN };
  }

  /** Sample-weighted mean of the epoch's losses read so far. */
  epochMean(): number {
    return this.epochLoss / Math.max(1, this.epochN);
  }

  /** After a full window (`step` steps queued): queue its read, wait for the one before it. */
  async rotate(step: number, epoch: number): Promise<boolean> {
    const previous = this.reading;
    this.reading = this.drain(step, epoch);
    return previous ? previous : true;
  }

  /** Read every loss not read yet and wait for all of them (epoch end, stop). */
  async flush(step: number, epoch: number): Promise<boolean> {
    const previous = this.reading,
      current = this.drained < step ? this.drain(step, epoch) : null;
    this.reading = null;
    return (previous ? await previous : true) && (current ? await current : true);
  }

  private drain(step: number, epoch: number): Promise<boolean> {
    const first = this.drained,
      last = step,
      W = this.W;
    this.drained = step;
    return this.backend.read(this.log, 0, W).then((log) => {
      if (this.diverged !== null) return false;
      for (let s = first; s < last; s++) {
        const loss = log[s % W]!;
        if (!Number.isFinite(loss)) {
          this.diverged =
            `loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'} at step ${s + 1} (epoch ${epoch + 1}); ` +
            `try a lower learning rate or gradient clipping`;
          return false;
        }
        const n = this.pendingN[s % (2 * W)]!;
        this.epochLoss += loss * n;
        this.epochN += n;
        this.onStep({ step: s + 1, epoch: epoch + 1, loss });
      }
      return true;
    });
  }
}
