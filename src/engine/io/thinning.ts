// Keeps a series that grows with every training step bounded: once it holds `cap` points, every
// other point is dropped and from then on only every 2nd (then 4th, ...) arriving point is kept.
// The kept points stay evenly spaced in arrival order, so a 1,000,000-step run draws like a
// 20,000-step one and memory stays flat; the run record on disk keeps every step.
export class Thinning {
  /** Keep one arriving point in this many. */
  every = 1;
  private arrived = 0;

  constructor(readonly cap: number) {}

  /** Whether the next arriving point is kept; call once per point. */
  accept(): boolean {
    return this.arrived++ % this.every === 0;
  }

  /** After a push: halves `points` in place when it holds more than `cap`. */
  compact<T>(points: T[]): void {
    if (points.length <= this.cap) return;
    let j = 0;
    for (let i = 0; i < points.length; i += 2) points[j++] = points[i]!;
    points.length = j;
    this.every *= 2;
  }

  /** accept() and, when kept, push and compact. Returns whether the point was kept. */
  push<T>(points: T[], point: T): boolean {
    if (!this.accept()) return false;
    points.push(point);
    this.compact(points);
    return true;
  }
}

/** Points kept per chart series, by the host's history and the Training view alike: plenty for a
 *  chart a few thousand pixels wide. */
export const CHART_SERIES_CAP = 20_000;
