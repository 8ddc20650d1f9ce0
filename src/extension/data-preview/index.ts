// The Preview command: load a data block (named, or the one under the cursor, or the first) and
// show it; data errors also land as diagnostics on the block.
import * as vscode from 'vscode';
import { experimentDocument } from '../experiment-document';
import type { DataAnalysis } from '../../lang/resolve-data';
import type { AnalysisCache } from '../language/analysis-cache';
import { DataDiagnostics } from './data-diagnostics';
import { rememberData } from './data-facts';
import { loadBlock } from './load-block';
import { DataPreviewPanel } from './preview-panel';
import { buildPreview } from './preview-model';

export { DataDiagnostics, DataPreviewPanel };

/** What the command resolves to: the data set's name and whether it loaded (tests use it). */
export interface PreviewResult {
  readonly name: string;
  readonly ok: boolean;
  readonly message?: string;
}

export async function previewData(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  analyses: AnalysisCache,
  diagnostics: DataDiagnostics,
  uri?: vscode.Uri,
  name?: string,
): Promise<PreviewResult | undefined> {
  const document = await experimentDocument(uri, 'preview its data');
  if (!document) return undefined;
  const blocks = analyses.get(document).data;
  const line = vscode.window.activeTextEditor?.document === document ? vscode.window.activeTextEditor.selection.active.line : -1;
  const data: DataAnalysis | undefined = name
    ? blocks.find((d) => d.name === name)
    : (blocks.find((d) => d.block.range.startLine <= line && line <= d.block.range.endLine) ?? blocks[0]);
  if (!data) {
    void vscode.window.showWarningMessage(`Model Lab: no data block${name ? ` named '${name}'` : ''} in this file.`);
    return undefined;
  }
  const panel = DataPreviewPanel.show(extensionUri, log, `Data · ${data.name}`);
  if (!data.spec) {
    const message = `data ${data.name} has errors: see the Problems view`;
    panel.showError(data.name, message);
    return { name: data.name, ok: false, message };
  }
  try {
    const loaded = await loadBlock(document, data.spec);
    rememberData(document.uri.toString(), data.name, loaded);
    diagnostics.report(document, data, null);
    panel.showData(buildPreview(data.name, loaded));
    return { name: data.name, ok: true };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.warn(`data ${data.name}: ${message}`);
    diagnostics.report(document, data, e);
    panel.showError(data.name, message);
    return { name: data.name, ok: false, message };
  }
}
