// The Runs tree: experiment → model → runs, read from each workspace folder's .modellab/runs.
// A run shows its status as an icon and its key metric beside its time; its context menu opens
// the record or deletes the run, and on a stopped or interrupted run with a checkpoint, resumes it
// (its contextValue is then modelLab.run.resumable).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readRunSummary, type RunSummary } from '../engine/io/run-summary';
import { keyMetric } from './run-records';
import { runLabel, teacherNote } from './runs/run-label';

export type RunsNode =
  | { readonly kind: 'experiment'; readonly file: string; readonly runs: readonly RunSummary[] }
  | { readonly kind: 'model'; readonly file: string; readonly model: string; readonly runs: readonly RunSummary[] }
  // asTeacher: the teacher run shown under its student (the link from a distilled run).
  | { readonly kind: 'run'; readonly run: RunSummary; readonly asTeacher?: boolean };

const STATUS_ICONS: Record<string, [string, string]> = {
  completed: ['pass', 'testing.iconPassed'],
  early_stopped: ['pass', 'testing.iconPassed'],
  threshold: ['pass', 'testing.iconPassed'],
  stopped: ['debug-stop', 'disabledForeground'],
  interrupted: ['circle-slash', 'disabledForeground'],
  diverged: ['error', 'testing.iconFailed'],
  error: ['error', 'testing.iconFailed'],
  running: ['sync~spin', 'charts.blue'],
};

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const expanded = vscode.TreeItemCollapsibleState.Expanded;
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(vscode.workspace.asRelativePath(node.file), expanded);
      item.resourceUri = vscode.Uri.file(node.file);
      item.iconPath = vscode.ThemeIcon.File;
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      return item;
    }
    if (node.kind === 'model') {
      const item = new vscode.TreeItem(node.model, expanded);
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.description = node.runs[0] ? keyMetric(node.runs[0].final) : '';
      return item;
    }
    const r = node.run;
    // A student opens onto its teacher's run (one level: a teacher row does not open further).
    const opens = r.teacher && !node.asTeacher ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.asTeacher ? `${r.model} · ${runLabel(r)}` : runLabel(r), opens);
    const [icon, color] = STATUS_ICONS[r.status] ?? ['circle-outline', 'foreground'];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.description = [teacherNote(r, node.asTeacher), keyMetric(r.final), r.device].filter(Boolean).join(' · ');
    const distilled = r.teacher ? `\ndistilled from ${r.teacher.model}: ${r.teacher.dir}` : '';
    item.tooltip = `${r.model}: ${r.status.replace('_', ' ')}${r.message ? ` — ${r.message}` : ''}\n${r.dir}${distilled}`;
    item.contextValue = r.resumable ? 'modelLab.run.resumable' : 'modelLab.run';
    item.command = { command: 'modelLab.showRunReport', title: 'Show Run Report', arguments: [node] };
    return item;
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return groupBy(allRuns(), (r) => r.file).map(([file, runs]) => ({ kind: 'experiment', file, runs }));
    if (node.kind === 'experiment')
      return groupBy(node.runs, (r) => r.model).map(([model, runs]) => ({ kind: 'model', file: node.file, model, runs }));
    if (node.kind === 'model') return node.runs.map((run) => ({ kind: 'run', run }));
    const teacher = !node.asTeacher && node.run.teacher ? readRunSummary(node.run.teacher.dir) : null;
    return teacher ? [{ kind: 'run', run: teacher, asTeacher: true }] : [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Every readable run of the workspace, newest first (the Compare command's pick list too). */
export function allRuns(): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const dir = join(folder.uri.fsPath, '.modellab', 'runs');
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // nothing trained in this folder yet
    }
    for (const name of names) {
      const summary = readRunSummary(join(dir, name));
      if (summary) runs.push(summary);
    }
  }
  return runs.sort((a, b) => b.time.localeCompare(a.time));
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups];
}
