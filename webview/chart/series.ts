// Bookkeeping of the runs the Training view shows: every (run, metric) series in step order, the
// runs' names and markers, and the EMA that smooths the per-step loss. Pure: no DOM, no Chart.js.
import type { RunInfo } from '../../src/protocol/runs';
import type { MetricBatch } from '../../src/protocol/wire';
import { CHART_SERIES_CAP, Thinning } from '../../src/engine/io/thinning';

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** Where a series is drawn: the per-step loss chart or the per-epoch metrics chart (lr on its own axis). */
export interface Placement {
  readonly chart: 'loss' | 'epoch';
  readonly axis: 'y' | 'yLr';
}

export function placeSeries(name: string): Placement {
  if (name === 'lr') return { chart: 'epoch', axis: 'yLr' };
  if (name === 'loss' || name.endsWith('_loss')) return { chart: 'loss', axis: 'y' };
  return { chart: 'epoch', axis: 'y' };
}

export interface RunSeries {
  readonly runId: string;
  /** Order of arrival: picks the run's colour. */
  readonly index: number;
  info: RunInfo | undefined;
  /** Metric name -> points, strictly increasing in x (the step); thinned past CHART_SERIES_CAP points. */
  readonly series: Map<string, XY[]>;
  readonly thinning: Map<string, Thinning>;
}

export class SeriesStore {
  readonly runs = new Map<string, RunSeries>();
  /** Bumped on every change, so a renderer can tell whether it is behind. */
  version = 0;

  clear(): void {
    this.runs.clear();
    this.version++;
  }

  run(runId: string): RunSeries {
    let run = this.runs.get(runId);
    if (!run) this.runs.set(runId, (run = { runId, index: this.runs.size, info: undefined, series: new Map(), thinning: new Map() }));
    return run;
  }

  /**
   * Append a batch. A point at or before a series' last step is dropped: a batch that arrives both
   * buffered and in the history after a rebuilt view's handshake is then counted once, and every
   * series stays sorted, which Chart.js' decimation and tooltips rely on. A long series keeps one
   * point in 2, 4, ... (Thinning). Returns the points kept.
   */
  add(batch: MetricBatch): number {
    const run = this.run(batch.runId);
    let kept = 0;
    for (const p of batch.points) {
      let points = run.series.get(p.name);
      if (!points) {
        run.series.set(p.name, (points = []));
        run.thinning.set(p.name, new Thinning(CHART_SERIES_CAP));
      }
      const last = points[points.length - 1];
      if (last && p.step <= last.x) continue;
      if (run.thinning.get(p.name)!.push(points, { x: p.step, y: p.value })) kept++;
    }
    if (kept) this.version++;
    return kept;
  }

  setInfo(info: RunInfo): void {
    this.run(info.runId).info = info;
    this.version++;
  }

  get isEmpty(): boolean {
    for (const run of this.runs.values()) for (const points of run.series.values()) if (points.length) return false;
    return true;
  }

  /** The legend's name of a run: its label, with "#n" where two runs share one (the same model trained twice). */
  displayName(run: RunSeries): string {
    const label = run.info?.label ?? run.runId;
    const same = [...this.runs.values()].filter((r) => (r.info?.label ?? r.runId) === label);
    return same.length > 1 ? `${label} #${same.indexOf(run) + 1}` : label;
  }
}

/** A vertical line to draw: where, what kind, its text, and whose run (for the colour). */
export interface Marker {
  readonly x: number;
  readonly kind: 'lr' | 'early_stop' | 'best';
  readonly label: string;
  readonly runIndex: number;
}

/** Every run's markers; the best epoch comes from `bestStep` (or a 'best' event), once per run. */
export function collectMarkers(store: SeriesStore, visible: (runId: string) => boolean = () => true): Marker[] {
  const out: Marker[] = [];
  for (const run of store.runs.values()) {
    const info = run.info;
    if (!info || !visible(run.runId)) continue;
    let best = false;
    for (const e of info.events) {
      if (e.kind === 'best') best = true;
      out.push({ x: e.step, kind: e.kind, label: e.label, runIndex: run.index });
    }
    if (!best && info.bestStep !== undefined) {
      out.push({
        x: info.bestStep,
        kind: 'best',
        label: `best${info.bestEpoch !== undefined ? ` (epoch ${info.bestEpoch})` : ''}`,
        runIndex: run.index,
      });
    }
  }
  return out.sort((a, b) => a.x - b.x);
}

/**
 * Exponential moving average with TensorBoard's debiasing (the first points are not dragged
 * towards zero). weight 0 = no smoothing, 0.99 = heavy. Non-finite values are skipped.
 */
export function ema(points: readonly XY[], weight: number): XY[] {
  return new EmaCache().update(points, weight);
}

/** The same EMA, extended as points arrive instead of recomputed: 100,000 losses stay cheap. */
export class EmaCache {
  private weight = NaN;
  private source: readonly XY[] | undefined;
  private done = 0;
  private last = 0;
  private n = 0;
  private readonly out: XY[] = [];

  update(points: readonly XY[], weight: number): XY[] {
    const w = Math.min(Math.max(weight, 0), 0.999);
    if (w !== this.weight || points !== this.source || points.length < this.done) this.reset(points, w);
    for (; this.done < points.length; this.done++) {
      const p = points[this.done]!;
      if (!Number.isFinite(p.y)) continue;
      this.last = this.last * w + (1 - w) * p.y;
      this.n++;
      this.out.push({ x: p.x, y: w === 0 ? p.y : this.last / (1 - w ** this.n) });
    }
    return this.out;
  }

  private reset(points: readonly XY[], weight: number): void {
    this.weight = weight;
    this.source = points;
    this.done = 0;
    this.last = 0;
    this.n = 0;
    this.out.length = 0;
  }
}

/** Points a chart can draw: finite, and positive on a log scale. */
export function drawable(points: readonly XY[], log: boolean): XY[] {
  return points.filter((p) => Number.isFinite(p.y) && (!log || p.y > 0));
}
