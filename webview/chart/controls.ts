// The charts' smoothing slider and log-scale box, shared by the Training view and the Compare
// panel: the markup for their toolbar, and the wiring to the view state.
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { TrainingCharts, ViewState } from './charts';

export const CHART_CONTROLS_HTML = `
      <label class="chart-smoothing" title="Exponential moving average of the per-step loss (0: raw)">Smoothing
        <input id="smoothing" type="range" min="0" max="0.99" step="0.01" value="0.6" aria-label="loss smoothing">
        <span id="smoothing-value" class="muted">0.60</span></label>
      <vscode-checkbox id="log-scale" label="Log scale"></vscode-checkbox>`;

/** Wires the controls of CHART_CONTROLS_HTML (in the page already) to `state`; `redraw` after each change. */
export function wireChartControls(state: ViewState, charts: TrainingCharts, redraw: () => void): void {
  const smoothing = document.getElementById('smoothing') as HTMLInputElement;
  smoothing.addEventListener('input', () => {
    state.smoothing = Number(smoothing.value);
    document.getElementById('smoothing-value')!.textContent = state.smoothing.toFixed(2);
    redraw();
  });
  const logScale = document.getElementById('log-scale') as HTMLElement & { checked: boolean };
  logScale.addEventListener('change', () => {
    state.log = logScale.checked;
    charts.applyOptions();
    redraw();
  });
}

/** The live charts' toggle for the window's earlier runs (off: only the latest ▶ Train's runs). */
export const EARLIER_RUNS_HTML = `
      <vscode-checkbox id="earlier-runs" label="Show earlier runs" hidden></vscode-checkbox>`;

export function wireEarlierRuns(changed: (on: boolean) => void): void {
  const box = document.getElementById('earlier-runs') as HTMLElement & { checked: boolean };
  box.addEventListener('change', () => changed(box.checked));
}
