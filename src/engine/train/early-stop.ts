// Early stopping as Keras's EarlyStopping callback: stop once the monitored value has not
// improved by more than min_delta for `patience` epochs. Weights are not rolled back (Keras's
// default restore_best_weights=False); the record names the best epoch.

import type { EarlyStopSpec } from '../../graph/train-config';

export class EarlyStopper {
  private best: number;
  private wait = 0;
  bestEpoch = 0;
  private readonly key: string;

  constructor(private readonly spec: EarlyStopSpec, hasVal: boolean) {
    this.best = spec.mode === 'min' ? Infinity : -Infinity;
    // Without a validation split, val_x falls back to the training measure.
    this.key = !hasVal && spec.monitor.startsWith('val_') ? spec.monitor === 'val_loss' ? 'loss' : `train_${spec.monitor.slice(4)}` : spec.monitor;
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

  message(): string {
    return `early stop: ${this.key} did not improve for ${this.spec.patience} epochs (best ${this.best.toPrecision(4)} at epoch ${this.bestEpoch})`;
  }
}
