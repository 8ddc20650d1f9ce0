// What the Training view knows of a run besides its points: name, status, best epoch, and markers
// for learning-rate changes and early stopping. Pure (no vscode) so the unit tests drive it.
import type { RunInfo, RunMarker, RunStatus } from '../../protocol/runs';

const MAX_EVENTS = 1000;
/** Epoch-end steps kept by epoch (the best epoch is usually recent); older ones are computed when
 *  every epoch had the same number of steps. Bounded, so a run of a million epochs stays flat. */
const EPOCHS_KEPT = 1000;

export class RunInfoTracker {
  private readonly epochSteps = new Map<number, number>();
  /** The step count every epoch so far has had, or null once they differ. */
  private perEpoch: number | null | undefined;
  /** The last two epochs' rates (a plateau is two equal ones). */
  private readonly lrs: number[] = [];
  private readonly events: RunMarker[] = [];
  private status: RunStatus | undefined;
  private bestEpoch: number | undefined;

  constructor(
    readonly runId: string,
    readonly label: string,
  ) {}

  /**
   * An epoch ended. A schedule's change is marked only where the rate leaves a plateau (the two
   * epochs before had the same rate): step decay and reduce-on-plateau get a line, a smooth cosine
   * or exponential decay, which changes every epoch, does not fill the chart with them.
   * Returns whether a marker was added.
   */
  epoch(epoch: number, step: number, lr: number): boolean {
    this.epochSteps.set(epoch, step);
    if (this.epochSteps.size > EPOCHS_KEPT) this.epochSteps.delete(this.epochSteps.keys().next().value!);
    if (this.perEpoch === undefined) this.perEpoch = epoch > 0 && step % epoch === 0 ? step / epoch : null;
    else if (this.perEpoch !== null && step !== epoch * this.perEpoch) this.perEpoch = null;
    const [before, prev] = [this.lrs[this.lrs.length - 2], this.lrs[this.lrs.length - 1]];
    this.lrs.push(lr);
    if (this.lrs.length > 2) this.lrs.shift();
    if (before === undefined || prev === undefined || !sameRate(before, prev) || sameRate(prev, lr)) return false;
    // The new rate applied during this epoch: mark where it began (the previous epoch's end).
    return this.add({ step: this.stepOf(epoch - 1) ?? step, kind: 'lr', label: `lr ${fmt(lr)}` });
  }

  /** A person set the rate by hand (null: back to the schedule). */
  override(step: number, lr: number | null): boolean {
    return this.add({ step, kind: 'lr', label: lr === null ? 'lr: schedule' : `lr ${fmt(lr)}` });
  }

  ended(status: RunStatus, bestEpoch: number | undefined, lastStep: number | undefined, message: string): void {
    this.status = status;
    this.bestEpoch = bestEpoch && bestEpoch > 0 ? bestEpoch : undefined;
    if (status === 'early_stopped' && lastStep !== undefined) {
      this.add({
        step: lastStep,
        kind: 'early_stop',
        label: message.startsWith('early stop') ? 'early stop' : `early stop: ${message}`.slice(0, 200),
      });
    }
  }

  info(): RunInfo {
    const bestStep = this.bestEpoch !== undefined ? this.stepOf(this.bestEpoch) : undefined;
    return {
      runId: this.runId,
      label: this.label.slice(0, 200),
      ...(this.status ? { status: this.status } : {}),
      ...(this.bestEpoch !== undefined ? { bestEpoch: this.bestEpoch } : {}),
      ...(bestStep !== undefined ? { bestStep } : {}),
      events: [...this.events],
    };
  }

  private stepOf(epoch: number): number | undefined {
    return this.epochSteps.get(epoch) ?? (this.perEpoch ? epoch * this.perEpoch : undefined);
  }

  private add(marker: RunMarker): boolean {
    if (this.events.length >= MAX_EVENTS) return false;
    this.events.push(marker);
    return true;
  }
}

const sameRate = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
const fmt = (v: number) => Number(v.toPrecision(3)).toString();
