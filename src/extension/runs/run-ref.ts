// How the run commands (report, re-run, reveal, compare) are told which run: a Runs tree node, the
// run folder's Uri or path, or its record.jsonl.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunsNode } from '../runs-tree';

export type RunRef = RunsNode | vscode.Uri | string;

/** The run folder a reference names; undefined for none, or for a tree node that is not a run. */
export function runDirOf(target: RunRef | undefined): string | undefined {
  if (!target) return undefined;
  const path =
    typeof target === 'string' ? target : target instanceof vscode.Uri ? target.fsPath : target.kind === 'run' ? target.run.dir : undefined;
  return path !== undefined && basename(path) === 'record.jsonl' ? dirname(path) : path;
}
