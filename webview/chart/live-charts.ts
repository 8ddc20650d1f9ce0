// The live charts, as the Training view and the trainer panel both show them: a toolbar
// (smoothing, log scale, earlier runs), the loss and per-epoch charts, and a text summary for
// screen readers. Fed by the host's chart feed (protocol/chart.ts ChartFeedNotifications); draws
// at most once a frame whatever the message rate.
import type { RunInfo } from '../../src/protocol/runs';
import type { MetricBatch } from '../../src/protocol/wire';
import { TrainingCharts, type ViewState } from './charts';
import { CHART_CONTROLS_HTML, EARLIER_RUNS_HTML, wireChartControls, wireEarlierRuns } from './controls';
import { selectRuns } from './run-selection';
import { SeriesStore } from './series';
import { summaryText, ThrottledRegion } from './summary';
import { readTheme, watchTheme, type Theme } from './theme';

/** The charts follow a run at up to 5 frames a second: smooth to the eye, cheap at 100,000 points. */
const RENDER_EVERY_MS = 200;

export interface LiveChartsOptions {
  /** What the charts are of, for their accessible names: "training loss per step". */
  readonly what: string;
  /** More toolbar controls after the shared ones (the Training view's exports). */
  readonly toolbarExtra?: string;
  /** After each drawing: the loss points drawn of the current runs (the trainer's timing marks). */
  readonly onRendered?: (drawn: { lossPoints: number }) => void;
}

export class LiveCharts {
  readonly store = new SeriesStore();
  readonly charts: TrainingCharts;
  theme: Theme;
  private readonly state: ViewState = { smoothing: 0.6, log: false, hidden: new Set() };
  private current: readonly string[] = [];
  private showEarlier = false;
  private rendered = -1;
  private renderedAt = -Infinity;
  private queued = false;
  private readonly summary: ThrottledRegion;
  private readonly root: HTMLElement;

  constructor(
    host: HTMLElement,
    private readonly options: LiveChartsOptions,
  ) {
    const pane = (id: string, label: string): string =>
      `<div class="chart-pane"><canvas id="${id}" role="img" aria-label="${options.what}: ${label}" ` +
      `aria-describedby="chart-summary"></canvas></div>`;
    host.insertAdjacentHTML(
      'beforeend',
      `
  <div id="chart-box" class="chart-box charts" hidden>
    <div class="chart-toolbar">${CHART_CONTROLS_HTML}${EARLIER_RUNS_HTML}${options.toolbarExtra ?? ''}</div>
    <div class="chart-grid">
      ${pane('loss', 'loss per step')}
      ${pane('epochs', 'metrics and learning rate per epoch')}
    </div>
    <p id="chart-summary" class="visually-hidden" aria-live="polite"></p>
  </div>`,
    );
    this.root = host.querySelector<HTMLElement>('#chart-box')!;
    this.summary = new ThrottledRegion(this.root.querySelector('#chart-summary')!);
    this.theme = readTheme();
    this.charts = new TrainingCharts(this.canvas('loss'), this.canvas('epochs'), this.theme, this.state, (group) => {
      if (!this.state.hidden.delete(group)) this.state.hidden.add(group);
      this.render();
    });
    this.charts.setTheme(this.theme);
    wireChartControls(this.state, this.charts, () => this.render());
    wireEarlierRuns((on) => {
      this.showEarlier = on;
      this.render();
    });
    watchTheme((t) => {
      this.theme = t;
      this.charts.setTheme(t);
      this.render();
    });
  }

  get isEmpty(): boolean {
    return this.store.isEmpty;
  }

  add(batch: MetricBatch): void {
    const first = !this.store.runs.get(batch.runId)?.series.size; // a run's first point is drawn at once
    if (this.store.add(batch)) this.schedule(first);
  }

  setInfo(info: RunInfo): void {
    this.store.setInfo(info);
    this.schedule();
  }

  /** The runs of the latest ▶ Train: drawn first, the others only with "earlier runs" on. */
  setCurrent(runIds: readonly string[]): void {
    this.current = runIds;
    this.store.version++;
    this.schedule();
  }

  /** Everything the host has (after a handshake): replaces what the page had. */
  replace(batches: readonly MetricBatch[], infos: readonly RunInfo[]): void {
    this.store.clear();
    this.charts.forget();
    for (const info of infos) this.store.setInfo(info);
    batches.forEach((b) => this.store.add(b));
    this.render();
  }

  /** One render per frame at most, and at most every RENDER_EVERY_MS whatever the message rate (a
   *  run's first point at once): a page that trains (the trainer) keeps its thread for the run. A
   *  hidden page waits until shown. */
  private schedule(now = false): void {
    if (this.queued || this.rendered === this.store.version) return;
    this.queued = true;
    const wait = now ? 0 : Math.max(0, this.renderedAt + RENDER_EVERY_MS - performance.now());
    setTimeout(() => {
      if (document.hidden) return void document.addEventListener('visibilitychange', () => this.frame(), { once: true });
      this.frame();
    }, wait);
  }

  private frame(): void {
    requestAnimationFrame(() => {
      this.queued = false;
      this.render();
    });
  }

  render(): void {
    this.rendered = this.store.version;
    this.renderedAt = performance.now();
    this.root.hidden = this.store.isEmpty;
    const known = [...this.store.runs.values()].filter((r) => [...r.series.values()].some((p) => p.length)).map((r) => r.runId);
    const selection = selectRuns(known, this.current, this.showEarlier);
    const { epochPoints, lossPoints } = this.charts.render(this.store, selection.shown);
    this.canvas('epochs').closest<HTMLElement>('.chart-pane')!.hidden = epochPoints === 0;
    this.earlierToggle(selection.earlier);
    this.summary.set(summaryText(this.store, selection.shown));
    // What is drawn, for a reader of the DOM (the e2e test): whose runs, how many loss points.
    this.root.dataset.current = this.current.join(' ');
    this.root.dataset.lossPoints = String(lossPoints);
    this.options.onRendered?.({ lossPoints });
  }

  /** The toggle is there only when there are earlier runs, and says how many. */
  private earlierToggle(earlier: number): void {
    const toggle = this.root.querySelector<HTMLElement & { label: string }>('#earlier-runs')!;
    toggle.hidden = earlier === 0;
    toggle.label = `Show ${earlier} earlier run${earlier === 1 ? '' : 's'}`;
  }

  private canvas(id: string): HTMLCanvasElement {
    return this.root.querySelector<HTMLCanvasElement>(`#${id}`)!;
  }
}
