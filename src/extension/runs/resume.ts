// The Resume command on a stopped or interrupted run of the Runs tree: continues it from its
// checkpoint in the same folder and record (a `resumed` line), with the recorded graph, settings
// and data spec, through the normal Train flow (the trainer panel), as Re-run does.
import * as vscode from 'vscode';
import { readCheckpoint } from '../../engine/io/checkpoint';
import { runIdOf } from '../../engine/io/read-record';
import { readRunSummary, RESUMABLE_STATUSES } from '../../engine/io/run-summary';
import type { DevicePreference } from '../../protocol/wire';
import { openRecordedRun } from './rerun';
import type { RunManager, TrainResult } from './run-manager';
import { runDirOf, type RunRef } from './run-ref';

export async function resumeRun(
  manager: RunManager,
  log: vscode.LogOutputChannel,
  preference: DevicePreference,
  target?: RunRef,
): Promise<TrainResult | undefined> {
  const dir = runDirOf(target);
  if (!dir) {
    void vscode.window.showInformationMessage('Model Lab: pick a stopped or interrupted run in the Runs tree to resume it.');
    return undefined;
  }
  try {
    const summary = readRunSummary(dir);
    if (!summary) throw new Error('the folder has no run record');
    if (summary.status === 'running') throw new Error('the run is still training');
    if (!RESUMABLE_STATUSES.has(summary.status))
      throw new Error(`the run ended ${summary.status.replace('_', ' ')}; only a stopped or interrupted run can be resumed`);
    if (!summary.resumable) throw new Error('the run has no checkpoint (it ended before its first one); re-run it instead');
    const { record, plan, document } = await openRecordedRun(dir);
    const from = readCheckpoint(dir);
    log.info(
      `resuming ${plan.graph.name} (${runIdOf(record)}) at epoch ${from.checkpoint.state.epoch + 1}, step ${from.checkpoint.state.step}`,
    );
    const result = await manager.resume(document, plan, preference, dir, from, record.start.dataHash);
    for (const r of result.runs) log.info(`run ${r.runId} (resumed): ${r.status}${r.message ? ` (${r.message})` : ''} -> ${r.dir}`);
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`resume: ${message}`);
    void vscode.window.showErrorMessage(`Model Lab: cannot resume: ${message}`);
    return undefined;
  }
}
