// Model Lab: Import Run: picks a run folder (a PyTorch script's --out, a run from another machine)
// and copies it into the workspace's .modellab/runs (src/engine/io/import-run.ts), then refreshes
// the Runs tree. A folder without a readable record.jsonl is refused with the reader's message. A
// run without its end line is still going: it is followed (follow-run.ts).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { importRunFolder } from '../../engine/io/import-run';
import { RunFollower, type ChartSink } from './follow-run';

/** A run being followed stays in `following` until its end line (the window's close disposes the rest). */
export async function importRun(
  refresh: () => void,
  source?: vscode.Uri,
  follow?: { readonly chart: ChartSink; readonly following: Set<RunFollower> },
): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Model Lab: open a folder first; runs are imported into its .modellab/runs.');
    return undefined;
  }
  const picked =
    source ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        openLabel: 'Import Run',
        title: 'A run folder (with record.jsonl)',
      })
    )?.[0];
  if (!picked) return undefined;
  try {
    const { dir, record } = importRunFolder(picked.fsPath, join(folder.uri.fsPath, '.modellab', 'runs'));
    refresh();
    if (follow && !record.end) {
      // Still going elsewhere: follow it (the chart and the Runs tree refresh as the record grows).
      const f = new RunFollower(dir, picked.fsPath, follow.chart, refresh, `${record.start.model} (${record.start.device ?? 'imported'})`);
      if (!f.done) follow.following.add(f);
    }
    void vscode.window.showInformationMessage(
      `Model Lab: imported ${record.start.model} (${record.start.device ?? 'unknown device'}) into ${vscode.workspace.asRelativePath(dir)}.`,
    );
    return dir;
  } catch (e) {
    void vscode.window.showErrorMessage(`Model Lab: cannot import ${picked.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
