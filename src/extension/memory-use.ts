// "Model Lab: Show Memory Use": the extension host's heap and the heaps of the trainer page and the
// Training view, with the step of the run in progress. For a person watching a long run (and the
// soak test, which reads the same numbers) to see that memory stays flat.
import * as vscode from 'vscode';
import type { RunManager } from './runs/run-manager';
import { TrainerPanel } from './trainer-panel';
import type { TrainingViewProvider } from './training-view';

export interface MemoryUse {
  readonly host: { readonly heapBytes: number; readonly rssBytes: number };
  /** Null when the page is not open or its browser does not tell. */
  readonly trainerPage: number | null;
  readonly trainingView: number | null;
  readonly run: { readonly label: string; readonly step: number } | null;
}

/** A page answers at once unless its renderer is very busy; a hidden Training view never does. */
const PAGE_TIMEOUT_MS = 15_000;
const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MB`);

export async function memoryUse(manager: RunManager, view: TrainingViewProvider): Promise<MemoryUse> {
  const trainer = TrainerPanel.active;
  const [trainerPage, trainingView] = await Promise.all([
    trainer
      ? trainer.channel.request('memory', {}, PAGE_TIMEOUT_MS).then(
          (m) => m.heapBytes,
          () => null,
        )
      : null,
    view.memory(PAGE_TIMEOUT_MS),
  ]);
  const { heapUsed, rss } = process.memoryUsage();
  const run = manager.current;
  return {
    host: { heapBytes: heapUsed, rssBytes: rss },
    trainerPage,
    trainingView,
    run: run ? { label: run.label, step: run.lastStep?.step ?? 0 } : null,
  };
}

export async function showMemoryUse(manager: RunManager, view: TrainingViewProvider, log: vscode.LogOutputChannel): Promise<MemoryUse> {
  const m = await memoryUse(manager, view);
  const atRun = m.run ? ` · ${m.run.label} at step ${m.run.step.toLocaleString('en-US')}` : '';
  const line =
    `extension host heap ${mb(m.host.heapBytes)} (rss ${mb(m.host.rssBytes)}) · ` +
    `trainer page ${mb(m.trainerPage)} · Training view ${mb(m.trainingView)}${atRun}`;
  log.info(`memory: ${line}`);
  void vscode.window.showInformationMessage(`Model Lab memory: ${line}`);
  return m;
}
