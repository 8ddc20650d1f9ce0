// A small Chart.js plugin: vertical lines for learning-rate changes, early stopping and the best
// epoch, drawn over the lines, with a short vertical label at the top on the chart that asks for it.
import type { Chart, Plugin } from 'chart.js';
import type { Marker } from './series';
import type { Theme } from './theme';

const DASH: Record<Marker['kind'], number[]> = { lr: [2, 3], early_stop: [6, 3], best: [] };

export function markersPlugin(get: () => { markers: readonly Marker[]; theme: Theme }, labels: boolean): Plugin<'line'> {
  return {
    id: 'modelLabMarkers',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { markers, theme } = get();
      const x = chart.scales.x;
      if (!markers.length || !x) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.font = `10px ${theme.font}`;
      ctx.textBaseline = 'bottom';
      for (const m of markers) {
        const px = Math.round(x.getPixelForValue(m.x)) + 0.5;
        if (!(px >= area.left && px <= area.right)) continue;
        ctx.strokeStyle = theme.markers[m.kind];
        ctx.lineWidth = m.kind === 'best' ? 1.5 : 1;
        ctx.setLineDash(DASH[m.kind]);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        if (!labels) continue;
        ctx.save();
        ctx.translate(px - 2, area.top + 2);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = 'right';
        ctx.fillStyle = theme.markers[m.kind];
        ctx.fillText(m.label, 0, 0);
        ctx.restore();
      }
      ctx.restore();
    },
  };
}
