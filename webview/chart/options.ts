// Chart.js options of the two charts, as plain objects (types only from Chart.js, no DOM), so the
// unit tests check what keeps 100,000 points smooth: no animation, no parsing, decimation.
import type { ChartOptions, DecimationOptions, LegendItem } from 'chart.js';

/** LTTB down to 800 points per line once a line has more than 2,000: the shape survives, the frame rate too. */
export const DECIMATION: DecimationOptions = { enabled: true, algorithm: 'lttb', samples: 800, threshold: 2000 };

export interface OptionColors {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly font: string;
}

export interface OptionInput {
  readonly colors: OptionColors;
  readonly yTitle: string;
  readonly log: boolean;
  /** The per-epoch chart has a second axis on the right for the learning rate. */
  readonly lrAxis: boolean;
  /** Legend click on a line: show or hide its group (raw and smoothed loss go together). */
  readonly onToggle: (group: string) => void;
}

/** What a dataset carries besides Chart.js' own fields. */
export interface SeriesMeta {
  readonly group: string;
  /** The faint raw loss under its EMA: no legend entry, no tooltip. */
  readonly raw?: boolean;
}

export const formatValue = (v: number): string =>
  v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) ? String(Number(v.toPrecision(4))) : v.toExponential(2);

export function chartOptions(input: OptionInput): ChartOptions<'line'> {
  const { colors } = input;
  const ticks = { color: colors.muted, font: { family: colors.font } };
  const title = (text: string) => ({ display: true, text, color: colors.muted, font: { family: colors.font } });
  const meta = (datasets: unknown[], index: number) => datasets[index] as SeriesMeta;
  return {
    animation: false,
    parsing: false,
    normalized: true,
    spanGaps: true,
    responsive: true,
    maintainAspectRatio: false,
    indexAxis: 'x',
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5 } },
    scales: {
      x: { type: 'linear', title: title('step'), ticks, grid: { color: colors.grid }, border: { color: colors.grid } },
      y: {
        type: input.log ? 'logarithmic' : 'linear',
        title: title(input.yTitle),
        ticks: { ...ticks, callback: (v) => formatValue(Number(v)) },
        grid: { color: colors.grid },
        border: { color: colors.grid },
      },
      ...(input.lrAxis
        ? {
            yLr: {
              type: 'linear' as const,
              position: 'right' as const,
              title: title('learning rate'),
              ticks: { ...ticks, callback: (v: string | number) => formatValue(Number(v)) },
              grid: { drawOnChartArea: false },
              display: 'auto' as const,
            },
          }
        : {}),
    },
    plugins: {
      decimation: DECIMATION,
      // The legend is HTML under the chart (legend.ts): a keyboard reaches its buttons.
      legend: {
        display: false,
        position: 'bottom',
        labels: {
          color: colors.foreground,
          font: { family: colors.font },
          boxWidth: 14,
          boxHeight: 2,
          filter: (item: LegendItem, data) => !meta(data.datasets, item.datasetIndex ?? 0).raw,
        },
        onClick: (_e, item, legend) => input.onToggle(meta(legend.chart.data.datasets, item.datasetIndex ?? 0).group),
      },
      tooltip: {
        filter: (item) => !meta(item.chart.data.datasets, item.datasetIndex).raw,
        titleFont: { family: colors.font },
        bodyFont: { family: colors.font },
        callbacks: {
          title: (items) => (items[0] ? `step ${items[0].parsed.x}` : ''),
          label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y ?? NaN)}`,
        },
      },
    },
  };
}
