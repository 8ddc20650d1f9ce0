// The Architecture command: opens (or reuses) the diagram panel of a model in an experiment file.
import * as vscode from 'vscode';
import { experimentDocument } from '../experiment-document';
import type { Analysis } from '../../lang';
import { DiagramPanel, type StatsReport } from './diagram-panel';

export { DiagramPanel } from './diagram-panel';

/** What the command resolves with: the panel's model and how many nodes it was sent, and the
 *  layer statistics it was sent when there are any (tests read this). */
export interface ArchitectureResult {
  readonly model: string;
  readonly nodes: number;
  readonly stats?: StatsReport;
}

export async function showArchitecture(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  analyses: { get(document: vscode.TextDocument): Analysis },
  uri?: vscode.Uri,
  model?: string,
): Promise<ArchitectureResult | undefined> {
  const document = await experimentDocument(uri, 'see a model’s architecture');
  if (!document) return undefined;
  const analyze = (d: vscode.TextDocument) => analyses.get(d);
  const names = [
    ...new Set(
      analyze(document)
        .models.map((m) => m.name)
        .filter((n) => n !== ''),
    ),
  ];
  const name =
    model ?? (names.length <= 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Which model’s architecture?' }));
  if (!name) return undefined;
  const panel = DiagramPanel.show(extensionUri, log, analyze, document, name);
  const nodes = panel.send();
  const stats = panel.statsReport;
  return stats ? { model: name, nodes, stats } : { model: name, nodes };
}
