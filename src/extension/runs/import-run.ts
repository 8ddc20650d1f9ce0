// Model Lab: Import Run: picks a run folder (a PyTorch script's --out, a run from another machine)
// and copies it into the workspace's .modellab/runs (src/engine/io/import-run.ts), then refreshes
// the Runs tree. A folder without a readable record.jsonl is refused with the reader's message.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { importRunFolder } from '../../engine/io/import-run';

export async function importRun(refresh: () => void, source?: vscode.Uri): Promise<string | undefined> {
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
    void vscode.window.showInformationMessage(
      `Model Lab: imported ${record.start.model} (${record.start.device ?? 'unknown device'}) into ${vscode.workspace.asRelativePath(dir)}.`,
    );
    return dir;
  } catch (e) {
    void vscode.window.showErrorMessage(`Model Lab: cannot import ${picked.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
