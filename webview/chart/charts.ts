// The two charts of the Training view: loss per step (raw under its EMA, validation loss per epoch,
// optional log scale) and metrics per epoch with the learning rate on a right-hand axis. Several
// runs overlay, one colour per run; legend (HTML buttons, for the keyboard), tooltips and markers on both.
import {
  Chart,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { HtmlLegend, type LegendEntry } from './legend';
import { markersPlugin } from './markers';
import { chartOptions, type SeriesMeta } from './options';
import { collectMarkers, drawable, EmaCache, placeSeries, type Marker, type SeriesStore, type XY } from './series';
import { withAlpha, type Theme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip, Decimation);

export interface ViewState {
  /** EMA weight of the per-step loss, 0..0.99. */
  smoothing: number;
  log: boolean;
  /** Groups (run + metric) hidden from the legend. */
  readonly hidden: Set<string>;
}

type Dataset = ChartDataset<'line', XY[]> & SeriesMeta;

const EPOCH_DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]];
export const groupKey = (runId: string, name: string) => `${runId}\u0000${name}`;

export class TrainingCharts {
  readonly loss: Chart<'line', XY[]>;
  readonly epoch: Chart<'line', XY[]>;
  private markers: Marker[] = [];
  private readonly emas = new Map<string, EmaCache>();
  private readonly legends: [HtmlLegend, HtmlLegend];

  constructor(
    lossCanvas: HTMLCanvasElement,
    epochCanvas: HTMLCanvasElement,
    private theme: Theme,
    private readonly state: ViewState,
    private readonly onToggle: (group: string) => void,
  ) {
    const get = () => ({ markers: this.markers, theme: this.theme });
    this.legends = [legendUnder(lossCanvas, onToggle), legendUnder(epochCanvas, onToggle)];
    this.loss = new Chart(lossCanvas, {
      type: 'line',
      data: { datasets: [] },
      options: this.options('loss'),
      plugins: [markersPlugin(get, true)],
    });
    this.epoch = new Chart(epochCanvas, {
      type: 'line',
      data: { datasets: [] },
      options: this.options('epoch'),
      plugins: [markersPlugin(get, false)],
    });
  }

  get canvases(): HTMLCanvasElement[] {
    return [this.loss.canvas, this.epoch.canvas];
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    Chart.defaults.color = theme.foreground;
    Chart.defaults.borderColor = theme.grid;
    Chart.defaults.font.family = theme.font;
    this.applyOptions();
  }

  /** After the log toggle or the theme changed: new options (Chart.js re-resolves them all). */
  applyOptions(): void {
    this.loss.options = this.options('loss');
    this.epoch.options = this.options('epoch');
  }

  /** Rebuild the datasets from the store (the runs of `shown`, in its order; all when absent); points
   *  are copied, so Chart.js' decimation never touches ours. */
  render(store: SeriesStore, shown?: readonly string[]): { epochPoints: number; lossPoints: number } {
    const lossSets: Dataset[] = [];
    const epochSets: Dataset[] = [];
    const { smoothing, log, hidden } = this.state;
    const runs = shown ? shown.flatMap((id) => store.runs.get(id) ?? []) : [...store.runs.values()];
    for (const run of runs) {
      const color = this.theme.palette[run.index % this.theme.palette.length]!;
      const name = store.displayName(run);
      let metricIndex = 0;
      for (const [metric, points] of run.series) {
        const group = groupKey(run.runId, metric);
        // A line of one point draws nothing: the first loss of a run shows as a dot.
        const base = {
          parsing: false as const,
          hidden: hidden.has(group),
          group,
          borderColor: color,
          backgroundColor: color,
          ...(points.length === 1 ? { pointRadius: 3 } : {}),
        };
        const place = placeSeries(metric);
        if (metric === 'loss') {
          if (smoothing > 0) {
            lossSets.push({
              ...base,
              label: `${name} · loss (raw)`,
              raw: true,
              data: drawable(points, log),
              borderColor: withAlpha(color, this.theme.highContrast ? 0.5 : 0.25),
              borderWidth: 1,
            });
            const cache = this.emas.get(group) ?? new EmaCache();
            this.emas.set(group, cache);
            lossSets.push({ ...base, label: `${name} · loss`, data: drawable(cache.update(points, smoothing), log) });
          } else {
            lossSets.push({ ...base, label: `${name} · loss`, data: drawable(points, log) });
          }
        } else if (place.chart === 'loss') {
          lossSets.push({ ...base, label: `${name} · ${metric}`, data: drawable(points, log), borderDash: [6, 3], pointRadius: 2.5 });
        } else {
          const isLr = place.axis === 'yLr';
          const dash = isLr ? [2, 2] : EPOCH_DASHES[metricIndex++ % EPOCH_DASHES.length]!;
          epochSets.push({
            ...base,
            label: `${name} · ${metric}`,
            data: drawable(points, false),
            yAxisID: place.axis,
            borderDash: dash,
            pointRadius: isLr ? 0 : 2.5,
            borderWidth: isLr ? 1 : 1.5,
          });
        }
      }
    }
    const drawn = new Set(runs.map((r) => r.runId));
    this.markers = collectMarkers(
      store,
      (runId) => drawn.has(runId) && [...(store.runs.get(runId)?.series.keys() ?? [])].some((m) => !hidden.has(groupKey(runId, m))),
    );
    this.legends[0].update(legendEntries(lossSets));
    this.legends[1].update(legendEntries(epochSets));
    this.loss.data.datasets = lossSets;
    this.epoch.data.datasets = epochSets;
    this.loss.update('none');
    this.epoch.update('none');
    const count = (sets: Dataset[]) => sets.reduce((n, d) => n + (d.hidden ? 0 : d.data.length), 0);
    return { epochPoints: epochSets.reduce((n, d) => n + d.data.length, 0), lossPoints: count(lossSets) };
  }

  /** The store was cleared (a new history): drop the EMA caches. */
  forget(): void {
    this.emas.clear();
  }

  destroy(): void {
    this.loss.destroy();
    this.epoch.destroy();
  }

  private options(kind: 'loss' | 'epoch') {
    const t = this.theme;
    return chartOptions({
      colors: { foreground: t.foreground, muted: t.muted, grid: t.grid, font: t.font },
      yTitle: kind === 'loss' ? 'loss' : 'metric (per epoch)',
      log: kind === 'loss' && this.state.log,
      lrAxis: kind === 'epoch',
      onToggle: this.onToggle,
    });
  }
}

/** The canvas gets a box of its own (Chart.js sizes it to its parent), the legend goes under it. */
function legendUnder(canvas: HTMLCanvasElement, onToggle: (group: string) => void): HtmlLegend {
  const pane = canvas.parentElement!;
  const box = document.createElement('div');
  box.className = 'chart-canvas';
  pane.replaceChild(box, canvas);
  box.append(canvas);
  const legend = document.createElement('div');
  legend.setAttribute('aria-label', `legend of ${canvas.getAttribute('aria-label') ?? 'the chart'}`);
  pane.append(legend);
  return new HtmlLegend(legend, onToggle);
}

function legendEntries(sets: readonly Dataset[]): LegendEntry[] {
  return sets
    .filter((d) => !d.raw)
    .map((d) => ({
      group: d.group,
      label: String(d.label ?? ''),
      color: String(d.borderColor),
      dash: (d.borderDash as number[] | undefined) ?? [],
      hidden: !!d.hidden,
    }));
}
