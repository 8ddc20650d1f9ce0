// The Training view: one line per (run, metric), fed by the host. Chart.js with decimation and no
// animation so long runs stay smooth; colours come from the VS Code theme.
import { Chart, Decimation, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { describeCompute } from '../../src/compute-info';
import { ChartToHost, HostToChart, type MetricBatch } from '../../src/protocol';
import { connectToHost, watchCspViolations } from '../shared/host-channel';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Decimation);

const app = document.getElementById('app')!;
app.innerHTML = `
  <div id="compute" class="muted">Compute: not probed yet — click ▶ Train above a model.</div>
  <div id="empty" class="empty">No runs yet. Open an experiment (*.mlab) and click ▶ Train.</div>
  <div id="chart-box" class="chart-box" hidden><canvas id="loss" aria-label="training loss"></canvas></div>`;

const themeColor = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
const palette = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red'];

const chart = new Chart(document.getElementById('loss') as HTMLCanvasElement, {
  type: 'line',
  data: { datasets: [] },
  options: {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: { type: 'linear', title: { display: true, text: 'step' }, ticks: { color: themeColor('--vscode-foreground', '#ccc') } },
      y: { type: 'linear', title: { display: true, text: 'value' }, ticks: { color: themeColor('--vscode-foreground', '#ccc') } },
    },
    plugins: { decimation: { enabled: true, algorithm: 'lttb', samples: 1000 }, legend: { labels: { color: themeColor('--vscode-foreground', '#ccc') } } },
  },
});

function append(batch: MetricBatch): void {
  for (const p of batch.points) {
    const label = `${batch.runId} · ${p.name}`;
    let set = chart.data.datasets.find((d) => d.label === label);
    if (!set) {
      const color = themeColor(palette[chart.data.datasets.length % palette.length]!, '#3794ff');
      set = { label, data: [], borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5 };
      chart.data.datasets.push(set);
    }
    (set.data as { x: number; y: number }[]).push({ x: p.step, y: p.value });
  }
  const hasData = chart.data.datasets.length > 0;
  document.getElementById('empty')!.hidden = hasData;
  document.getElementById('chart-box')!.hidden = !hasData;
  chart.update('none');
}

const channel = connectToHost(ChartToHost, HostToChart, 'chart');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));
channel.on('compute', (info) => {
  const { text, detail } = describeCompute(info);
  document.getElementById('compute')!.textContent = `Compute: ${text} (${detail})`;
});
channel.on('metrics', append);
channel.onPeerReady(() => {
  void channel.request('history', {}).then((batches) => {
    chart.data.datasets = [];
    batches.forEach(append);
  });
});
channel.announceReady();
