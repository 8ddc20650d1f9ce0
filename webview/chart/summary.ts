// The charts' text alternative: the latest values of the runs drawn, as a sentence a screen reader
// reads (aria-live polite), rewritten at most every few seconds whatever the step rate.
import { formatValue } from './options';
import type { SeriesStore } from './series';

/** "resnet: step 120, loss 0.41, val_loss 0.39, val_accuracy 0.91." for each run, in `shown` order. */
export function summaryText(store: SeriesStore, shown: readonly string[]): string {
  const parts: string[] = [];
  for (const runId of shown) {
    const run = store.runs.get(runId);
    if (!run) continue;
    const values: string[] = [];
    let step = -1;
    for (const [metric, points] of run.series) {
      const last = points[points.length - 1];
      if (!last) continue;
      if (metric === 'loss') step = last.x;
      values.push(`${metric} ${formatValue(last.y)}`);
    }
    if (!values.length) continue;
    const status = run.info?.status ? ` (${run.info.status.replace('_', ' ')})` : '';
    parts.push(`${store.displayName(run)}${status}: ${step >= 0 ? `step ${step}, ` : ''}${values.join(', ')}.`);
  }
  return parts.length ? parts.join(' ') : 'No points yet.';
}

/** Writes text into a live region, at most once per `everyMs` (the last text always lands). */
export class ThrottledRegion {
  private pending: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  constructor(
    private readonly element: { textContent: string | null },
    private readonly everyMs = 3000,
    private readonly clock: () => number = Date.now,
  ) {}

  set(text: string): void {
    this.pending = text;
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.everyMs - this.clock());
    this.timer = setTimeout(() => this.write(), wait);
  }

  private write(): void {
    this.timer = null;
    if (this.pending !== null && this.pending !== this.element.textContent) this.element.textContent = this.pending;
    this.pending = null;
    this.last = this.clock();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
