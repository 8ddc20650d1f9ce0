// The Re-run command on a run of the Runs tree: trains again exactly what the record says (graph,
// settings, seed, data spec), in the experiment's folder, and says so when the file has moved on.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { resolveInside } from '../../engine/data/host';
import { nodeDataHost } from '../../engine/data/node-host';
import { runsForModel, type Analysis, type RunPlan } from '../../lang';
import type { DevicePreference } from '../../protocol/wire';
import { readRunRecord, runIdOf, type RunRecord } from '../../engine/io/read-record';
import { runDirOf, type RunRef } from './run-ref';
import { fileStillHas, recordedPlan } from './recorded-plan';
import type { RunManager, TrainResult } from './run-manager';

export const FILE_CHANGED_NOTE = 're-running the recorded settings; the file has changed since';

export async function rerun(
  manager: RunManager,
  log: vscode.LogOutputChannel,
  analyze: (d: vscode.TextDocument) => Analysis,
  preference: DevicePreference,
  target?: RunRef,
): Promise<TrainResult | undefined> {
  const dir = runDirOf(target);
  if (!dir) {
    void vscode.window.showInformationMessage('Model Lab: pick a run in the Runs tree to train it again.');
    return undefined;
  }
  try {
    const { record, plan, document } = await openRecordedRun(dir);
    const label = `${plan.graph.name} (${runIdOf(record)})`;
    if (!fileStillHas(plan, runsForModel(analyze(document), plan.graph.name))) {
      log.info(`re-run of ${label}: ${FILE_CHANGED_NOTE}`);
      void vscode.window.showInformationMessage(`Model Lab: ${FILE_CHANGED_NOTE}.`);
    }
    log.info(`re-running ${label} with seed ${plan.config.seed}`);
    const result = await manager.rerun(document, plan, preference, runIdOf(record));
    for (const r of result.runs)
      log.info(`run ${r.runId} (re-run of ${runIdOf(record)}): ${r.status}${r.message ? ` (${r.message})` : ''} -> ${r.dir}`);
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`re-run: ${message}`);
    void vscode.window.showErrorMessage(`Model Lab: cannot re-run: ${message}`);
    return undefined;
  }
}

/** A run's record, the plan it recorded and its experiment file opened (Re-run and Resume both
 *  start from these). The file must still exist and lie in the run's workspace folder. */
export async function openRecordedRun(dir: string): Promise<{ record: RunRecord; plan: RunPlan; document: vscode.TextDocument }> {
  const record = readRunRecord(dir);
  const plan = recordedPlan(record);
  const file = record.start.file;
  if (!file || !existsSync(file))
    throw new Error(`the experiment file of this run (${file || 'unknown'}) is gone; its data paths are relative to it`);
  await experimentInsideWorkspace(dir, file);
  return { record, plan, document: await vscode.workspace.openTextDocument(vscode.Uri.file(file)) };
}

/** A record names its experiment by absolute path: it must really lie in the run's workspace folder (links followed). */
async function experimentInsideWorkspace(runDir: string, file: string): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(runDir))?.uri.fsPath;
  if (!folder) throw new Error(`the run ${runDir} is not in an open workspace folder; open its folder to re-run it`);
  await resolveInside(nodeDataHost, { base: folder, workspace: folder }, file);
}
