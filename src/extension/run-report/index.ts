// The Show Run Report command: for a run (a Runs tree item, a run folder or its record, or one
// picked from the recent runs) open its report panel, reload its data, run the trained model over
// a held-out split and show the confusion matrix, the mistakes and, for 2-D inputs, the decision
// boundary. Problems (no weights, an old record, data gone) are shown in the panel.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { keyMetric } from '../run-records';
import { allRuns } from '../runs-tree';
import { runDirOf, type RunRef } from '../runs/run-ref';
import { buildRunReportWith, ReportError } from './build-report';
import { ReportPanel } from './report-panel';
import { runLabel } from '../runs/run-label';

export { ReportPanel };

/** What the command resolves to (the integration tests read it). */
export type ReportResult =
  | {
      readonly run: string;
      readonly split: 'test' | 'val' | 'train';
      /** Classes of the confusion matrix; 0 for a regression. */
      readonly classes: number;
      /** Accuracy read off the confusion matrix; null for a regression. */
      readonly accuracy: number | null;
      /** Wrong predictions on the split, all of them (the gallery shows the first). */
      readonly misclassified: number;
      readonly boundary: boolean;
      /** Attention layers the report maps (0: none), and the epochs' samples it lists. */
      readonly attentionLayers: number;
      readonly samples: number;
      readonly warnings: readonly string[];
      /** The sections the page drew (null: it said nothing in time), or why drawing failed. */
      readonly drawn: readonly string[] | null;
      readonly drawError: string | null;
    }
  | { readonly run: string; readonly error: string; readonly drawn: 'shown' | 'failed' | null };

export async function showRunReport(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  target?: RunRef,
): Promise<ReportResult | undefined> {
  const dir = runDirOf(target) ?? (await pickRun());
  if (!dir) return undefined;
  const name = basename(dir);
  const panel = ReportPanel.show(extensionUri, log, dir, `Report · ${name}`);
  panel.loading(name);
  try {
    let shownAt = 0;
    const { report, attention } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Model Lab: report of ${name}` },
      () =>
        buildRunReportWith(dir, {
          workspaceFor: (file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? null,
          onProgress: (share) => {
            if (Date.now() - shownAt < 250) return; // a few updates a second are plenty
            shownAt = Date.now();
            panel.loading(name, share);
          },
          cancelled: () => panel.cancelRequested,
        }),
    );
    panel.panel.title = `Report · ${report.run.model} · ${report.split}`;
    panel.setAttention(attention);
    panel.showReport(report);
    const drawn = await panel.drawn();
    return {
      run: dir,
      split: report.split,
      classes: report.confusion ? report.classNames.length : 0,
      accuracy: report.confusion?.accuracy ?? null,
      misclassified: report.misclassified?.total ?? 0,
      boundary: report.boundary !== null,
      attentionLayers: report.attention?.layers.length ?? 0,
      samples: report.samples?.length ?? 0,
      warnings: report.warnings,
      drawn: drawn?.sections ?? null,
      drawError: drawn?.error ?? null,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof ReportError)) log.error(`run report of ${dir}: ${e instanceof Error ? (e.stack ?? message) : message}`);
    panel.showError(name, message);
    const drawn = await panel.drawn();
    return { run: dir, error: message, drawn: drawn?.state ?? null };
  }
}

/** A quick pick of the workspace's runs, newest first. */
async function pickRun(): Promise<string | undefined> {
  const all = allRuns();
  if (all.length === 0) {
    void vscode.window.showInformationMessage(
      'Model Lab: no runs yet. Train a model (▶ Train above it) and its runs appear in the Runs view.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    all.map((r) => ({
      label: `${r.model} · ${runLabel(r)}`,
      description: [r.status.replace('_', ' '), keyMetric(r.final)].filter(Boolean).join(' · '),
      detail: vscode.workspace.asRelativePath(r.dir),
      dir: r.dir,
    })),
    { placeHolder: 'Which run should the report show?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.dir;
}
