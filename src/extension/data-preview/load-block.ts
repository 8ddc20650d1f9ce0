// Loads a document's data block in the extension host, with the workspace folder as the
// boundary that data paths must stay inside.
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { DataSpec } from '../../graph/data-spec';
import { loadData, type LoadedData } from '../../engine/data/load';
import { nodeDataHost } from '../../engine/data/node-host';
import type { DataLocation } from '../../engine/data/host';

export function locationOf(document: vscode.TextDocument): DataLocation | null {
  if (document.uri.scheme !== 'file') return null; // an untitled experiment has no folder to read from
  const file = document.uri.fsPath;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(file);
  return { base: dirname(file), workspace: folder };
}

/** Where a run's data is read from; an untitled experiment may only use synthetic sources, so any folder does. */
export function dataLocation(document: vscode.TextDocument): DataLocation {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? tmpdir();
  return locationOf(document) ?? { base: folder, workspace: folder };
}

export function loadBlock(document: vscode.TextDocument, spec: DataSpec): Promise<LoadedData> {
  const location = locationOf(document);
  if (!location) return Promise.reject(new Error('save the experiment first: data paths are relative to its file'));
  return loadData(spec, 0, { host: nodeDataHost, location });
}
