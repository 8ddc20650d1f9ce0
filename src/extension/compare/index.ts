// The Compare Runs command: from a multi-selection in the Runs tree (VS Code passes the clicked
// node and every selected one), from run folders, or from a pick list; reads each run's whole
// record and shows the runs side by side in the Compare panel.
import * as vscode from 'vscode';
import { CompareShow, MAX_COMPARED_RUNS } from '../../protocol/compare';
import { keyMetric } from '../run-records';
import { allRuns } from '../runs-tree';
import { readRunRecord, type RunRecord } from '../../engine/io/read-record';
import { runDirOf, type RunRef } from '../runs/run-ref';
import { compareRecords } from './compare-data';
import { ComparePanel } from './compare-panel';
import { withInt8Variants } from './int8-variant';
import { runLabel } from '../runs/run-label';

export { ComparePanel } from './compare-panel';

/** What the command resolves to (the tests read it): the runs shown and the keys that differ. */
export interface CompareResult {
  readonly runs: readonly string[];
  readonly differing: readonly string[];
  readonly architectureDiffers: boolean;
}

export async function compareRuns(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  clicked?: RunRef,
  selected?: readonly RunRef[],
): Promise<CompareResult | undefined> {
  let dirs = runDirs(selected?.length ? selected : clicked ? [clicked] : []);
  if (dirs.length < 2) {
    const picked = await pickRuns(dirs);
    if (!picked) return undefined;
    dirs = picked;
  }
  if (dirs.length > MAX_COMPARED_RUNS) {
    void vscode.window.showWarningMessage(
      `Model Lab: at most ${MAX_COMPARED_RUNS} runs can be compared at once; ${dirs.length} were selected.`,
    );
    return undefined;
  }
  const records: RunRecord[] = [];
  for (const dir of dirs) {
    try {
      records.push(readRunRecord(dir));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.warn(`compare: ${message}`);
      void vscode.window.showWarningMessage(`Model Lab: left out of the comparison: ${message}`);
    }
  }
  if (records.length < 2) {
    void vscode.window.showWarningMessage('Model Lab: comparing needs at least two readable runs.');
    return undefined;
  }
  // Each run's int8 variant (RUN/int8/) gets a column beside it (int8-variant.ts says why derived).
  const columns = withInt8Variants(records, MAX_COMPARED_RUNS);
  const { show, diff } = compareRecords(columns.map((c) => c.record));
  CompareShow.parse(show); // our own payload: a broken one fails here, with its reason, not silently in the page
  ComparePanel.show(
    extensionUri,
    log,
    show,
    columns.map((c) => c.open),
  );
  return {
    runs: columns.map((c) => c.record.dir),
    differing: diff.differing.map((r) => r.key),
    architectureDiffers: diff.architectureDiffers,
  };
}

/** Run folders of the targets; a model or an experiment node of the tree stands for all its runs. */
function runDirs(targets: readonly RunRef[]): string[] {
  const dirs = targets.flatMap((t): string[] => {
    if (typeof t === 'object' && !(t instanceof vscode.Uri) && t.kind !== 'run') return t.runs.map((r) => r.dir);
    const dir = runDirOf(t);
    return dir ? [dir] : [];
  });
  return [...new Set(dirs)];
}

async function pickRuns(preselected: readonly string[]): Promise<string[] | undefined> {
  const runs = allRuns();
  if (runs.length < 2) {
    void vscode.window.showInformationMessage('Model Lab: there are fewer than two runs to compare; train a model first.');
    return undefined;
  }
  const items = runs.map((r) => ({
    label: `${r.model} · ${runLabel(r)}`,
    description: [keyMetric(r.final), r.status.replace('_', ' ')].filter(Boolean).join(' · '),
    detail: vscode.workspace.asRelativePath(r.file),
    picked: preselected.includes(r.dir),
    dir: r.dir,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Compare Runs',
    placeHolder: 'Pick two or more runs to compare',
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.length < 2) {
    void vscode.window.showInformationMessage('Model Lab: pick at least two runs to compare.');
    return undefined;
  }
  return picked.map((p) => p.dir);
}
