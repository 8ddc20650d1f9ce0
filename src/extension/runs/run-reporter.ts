// Fans a run's events out to where a person looks: the status bar (epoch, step, loss, speed), the
// Training view's charts, the model's summary CodeLens, the Runs tree, and one notification when
// the run ends or fails.
import * as vscode from 'vscode';
import { graphHash } from '../../engine/train/trainer';
import type { MetricBatch } from '../../protocol/wire';
import type { ModelCodeLensProvider } from '../codelens';
import type { RunsTreeProvider } from '../runs-tree';
import type { TrainingViewProvider } from '../training-view';
import { epochPoints } from './chart-points';
import { resultLine } from './result-line';
import { RunInfoTracker } from './run-info';
import type { RunOutcome, RunSession, RunUpdate } from './run-session';

const count = (n: number) => Math.round(n).toLocaleString('en-US');

export { resultLine } from './result-line';

export class RunReporter implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelLab.run', vscode.StatusBarAlignment.Left, 9);
  /** Name, status and markers of each run, for the Training view. */
  private readonly infos = new Map<string, RunInfoTracker>();

  constructor(
    private readonly lenses: ModelCodeLensProvider,
    private readonly chart: TrainingViewProvider,
    private readonly tree: RunsTreeProvider,
  ) {
    this.item.name = 'Model Lab Run';
    this.item.command = 'modelLab.training.focus';
  }

  update(u: RunUpdate): void {
    const s = u.session;
    switch (u.kind) {
      case 'started':
        this.chart.setRunInfo(this.info(s).info());
        this.tree.refresh();
        this.progress(s, 'sync~spin');
        return;
      case 'progress': {
        // One chart message per batch: the step losses, then each epoch's points.
        const points: MetricBatch['points'] = u.steps.map((p) => ({ step: p.step, name: 'loss', value: p.loss }));
        let markers = false;
        for (const e of u.epochs) {
          points.push(...epochPoints(e));
          markers = this.info(s).epoch(e.epoch, e.step, e.lr) || markers;
        }
        if (points.length) this.chart.addMetrics({ runId: s.runId, points });
        if (markers) this.chart.setRunInfo(this.info(s).info());
        this.progress(s, 'sync~spin');
        return;
      }
      case 'paused':
        this.progress(s, u.paused ? 'debug-pause' : 'sync~spin');
        return;
      case 'lr':
        if (this.info(s).override(u.step, u.lr)) this.chart.setRunInfo(this.info(s).info());
        return;
      case 'ended':
        this.ended(s, s.outcome!);
        return;
    }
  }

  private info(s: RunSession): RunInfoTracker {
    let info = this.infos.get(s.runId);
    if (!info) this.infos.set(s.runId, (info = new RunInfoTracker(s.runId, s.label)));
    return info;
  }

  private progress(s: RunSession, icon: string): void {
    const step = s.lastStep;
    const parts = [s.label, `epoch ${step?.epoch ?? 1}/${s.epochs}`];
    if (step) parts.push(`step ${count(step.step)}`, `loss ${step.loss.toPrecision(4)}`);
    if (s.lastEpoch) parts.push(`${count(s.lastEpoch.samplesPerSec)} samples/s`);
    this.item.text = `$(${icon}) ${parts.join(' · ')}`;
    this.item.tooltip = `Model Lab is training ${s.label} on ${s.device === 'webgpu' ? 'WebGPU' : 'the CPU'}. Click to show the charts.`;
    this.item.show();
  }

  private ended(s: RunSession, o: RunOutcome): void {
    const line = resultLine(o, s.params);
    const info = this.info(s);
    info.ended(o.status, o.bestEpoch, s.lastEpoch?.step ?? s.lastStep?.step, o.message);
    this.chart.setRunInfo(info.info());
    this.lenses.showResult(s.document, s.model, { text: line, graph: graphHash(s.plan.graph) });
    this.tree.refresh();
    const icon =
      o.status === 'error' || o.status === 'diverged'
        ? 'error'
        : o.status === 'stopped' || o.status === 'interrupted'
          ? 'debug-stop'
          : 'check';
    this.item.text = `$(${icon}) ${s.label} · ${line.slice(2)}`;
    const failed = o.status === 'error' || o.status === 'diverged';
    const show = failed ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    const text = `Model Lab: ${s.label} ${o.status.replace('_', ' ')}${o.message ? ` — ${o.message}` : ''}`;
    void show(text, 'Show Chart').then((choice) => choice && vscode.commands.executeCommand('modelLab.training.focus'));
  }

  dispose(): void {
    this.item.dispose();
  }
}
