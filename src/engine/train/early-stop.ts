// Early stopping as Keras's EarlyStopping callback: stop once the monitored value has not
// improved by more than min_delta for `patience` epochs. Unlike Keras's default, the best
// epoch's weights are restored when it stops (restore_best_weights=True; `restore_best off`
// keeps the last ones); the trainer does the restoring, this class only keeps the count.

import type { EarlyStopSpec } from '../../graph/train-config';

/** What a checkpoint keeps of a stopper (best is null while nothing has been seen). */
export interface StopperState {
  readonly best: number | null;
  readonly wait: number;
  readonly bestEpoch: number;
}

export class EarlyStopper {
  private best: number;
  private wait = 0;
  bestEpoch = 0;
  private readonly key: string;

  constructor(
    private readonly spec: EarlyStopSpec,
    hasVal: boolean,
    from: StopperState | null = null,
  ) {
    this.best = from?.best ?? (spec.mode === 'min' ? Infinity : -Infinity);
    this.wait = from?.wait ?? 0;
    this.bestEpoch = from?.bestEpoch ?? 0;
    // Without a validation split, val_x falls back to the training measure.
    this.key =
      !hasVal && spec.monitor.startsWith('val_') ? (spec.monitor === 'val_loss' ? 'loss' : `train_${spec.monitor.slice(4)}`) : spec.monitor;
  }

  /** True when training should stop after this epoch. */
  update(metrics: Readonly<Record<string, number>>, epoch: number): boolean {
    const v = metrics[this.key];
    if (v === undefined || Number.isNaN(v)) return false;
    const better = this.spec.mode === 'min' ? v < this.best - this.spec.minDelta : v > this.best + this.spec.minDelta;
    if (better) {
      this.best = v;
      this.bestEpoch = epoch;
      this.wait = 0;
      return false;
    }
    return ++this.wait >= this.spec.patience;
  }

  state(): StopperState {
    return { best: Number.isFinite(this.best) ? this.best : null, wait: this.wait, bestEpoch: this.bestEpoch };
  }

  message(): string {
    return `early stop: ${this.key} did not improve for ${this.spec.patience} epochs (best ${this.best.toPrecision(4)} at epoch ${this.bestEpoch})`;
  }
}
