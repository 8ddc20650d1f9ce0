// What the live charts know in this window, kept on the host: every run's points (thinned like the
// pages' own series, so memory stays flat), names and markers, and which runs the latest ▶ Train
// started. The Training view and the trainer panel both draw from it: they hear each change, and a
// page that (re)loads asks for the whole of it. Pure: no vscode.
import { CHART_SERIES_CAP, Thinning } from '../engine/io/thinning';
import type { RunInfo } from '../protocol/runs';
import type { MetricBatch } from '../protocol/wire';
import type { ChartFeedNotifications } from '../protocol/chart';
import type { z } from '../engine/zod';

const HISTORY_BATCH = 50_000;

export type ChartChange =
  | { readonly kind: 'metrics'; readonly batch: MetricBatch }
  | { readonly kind: 'runInfo'; readonly info: RunInfo }
  | { readonly kind: 'current'; readonly runIds: readonly string[] };

export class ChartHistory {
  private readonly points = new Map<string, Map<string, { points: MetricBatch['points']; thinning: Thinning }>>();
  private readonly infos = new Map<string, RunInfo>();
  private group: string[] = [];
  private readonly listeners = new Set<(change: ChartChange) => void>();

  /** Listen to every change; returns the unsubscribe. */
  listen(listener: (change: ChartChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A ▶ Train click: the runs seen from now on are the current ones (a sweep's runs together);
   *  until the first of them starts there is no current run (the pages draw no earlier curve). */
  beginGroup(): void {
    this.group = [];
    this.emit({ kind: 'current', runIds: this.group });
  }

  get current(): readonly string[] {
    return this.group;
  }

  addMetrics(batch: MetricBatch): void {
    this.join(batch.runId);
    let run = this.points.get(batch.runId);
    if (!run) this.points.set(batch.runId, (run = new Map()));
    // The pages hear the points kept here only: a tiny model's 40,000 steps a second would
    // otherwise flood the extension host and both pages with points they thin away anyway.
    const kept: MetricBatch['points'] = [];
    for (const p of batch.points) {
      let series = run.get(p.name);
      if (!series) run.set(p.name, (series = { points: [], thinning: new Thinning(CHART_SERIES_CAP) }));
      if (series.thinning.push(series.points, p)) kept.push(p);
    }
    if (kept.length)
      this.emit({ kind: 'metrics', batch: kept.length === batch.points.length ? batch : { runId: batch.runId, points: kept } });
  }

  /** A run's name, status and markers (replaces what was known of it). */
  setRunInfo(info: RunInfo): void {
    this.join(info.runId);
    this.infos.set(info.runId, info);
    this.emit({ kind: 'runInfo', info });
  }

  /** The history as a page asks for it: batches of at most HISTORY_BATCH points. */
  batches(): MetricBatch[] {
    const out: MetricBatch[] = [];
    for (const [runId, run] of this.points) {
      const points = [...run.values()].flatMap((s) => s.points);
      for (let i = 0; i < points.length; i += HISTORY_BATCH) out.push({ runId, points: points.slice(i, i + HISTORY_BATCH) });
    }
    return out;
  }

  runs(): RunInfo[] {
    return [...this.infos.values()];
  }

  /** A run not seen before joins the current group. */
  private join(runId: string): void {
    if (this.points.has(runId) || this.infos.has(runId)) return;
    this.group = [...this.group, runId];
    this.emit({ kind: 'current', runIds: this.group });
  }

  private emit(change: ChartChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

type Feed = typeof ChartFeedNotifications;
export type FeedNotify = <K extends keyof Feed>(type: K, payload: z.infer<Feed[K]['payload']>) => void;

/** A change as the feed's notification, the same for every page that draws the charts. */
export function forwardChange(notify: FeedNotify, change: ChartChange): void {
  if (change.kind === 'metrics') notify('metrics', change.batch);
  else if (change.kind === 'runInfo') notify('runInfo', change.info);
  else notify('current', { runIds: [...change.runIds] });
}
