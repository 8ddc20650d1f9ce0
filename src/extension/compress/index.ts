// The Compression Report command: the table of `model-lab compress-report` for the experiment in
// the editor (or the one given), in a panel; computing it (exports, onnxruntime timings) runs on the
// host with its progress shown, and any error becomes the page's message. A row's Quantize (int8)
// goes through the Quantize command (quantize.ts), gated in Restricted Mode like this one.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { compressReport, type CompressRow } from '../../export/onnx/compress-report';
import type { CompressToHost } from '../../protocol/compress';
import type { Payload } from '../../protocol/envelope';
import { experimentDocument } from '../experiment-document';
import { CompressPanel } from './compress-panel';
import { serially } from './serial';

export { CompressPanel } from './compress-panel';

/** What the command resolves to (the tests read it): the rows shown, or the message shown instead,
 *  and what the page said it drew (null: it said nothing in time, or it was closed). */
export type CompressResult = ({ readonly rows: readonly CompressRow[] } | { readonly failed: string }) & {
  readonly drawn: Payload<typeof CompressToHost, 'rendered'> | null;
};

export async function showCompressionReport(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  uri?: vscode.Uri,
): Promise<CompressResult | undefined> {
  const document = await experimentDocument(uri, 'show its compression report');
  if (!document) return undefined;
  const file = document.uri.fsPath;
  const panel = CompressPanel.show(extensionUri, log, file, {
    refresh: () => void computeReport(panel, log, file),
    quantize: (run) => void vscode.commands.executeCommand('modelLab.quantize', run),
  });
  return computeReport(panel, log, file);
}

/** The runs folder of the experiment: the workspace folder's, as training writes it (run-manager.ts). */
function runsDirOf(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? join(file, '..');
  return join(folder, '.modellab', 'runs');
}

/** Computes the panel's table (again): one computation at a time, after any quantization queued before it. */
export function computeReport(panel: CompressPanel, log: vscode.LogOutputChannel, file: string): Promise<CompressResult> {
  return serially(() => run(panel, log, file));
}

async function run(panel: CompressPanel, log: vscode.LogOutputChannel, file: string): Promise<CompressResult> {
  const title = 'Timing the variants in onnxruntime-web';
  panel.loading(title, null);
  try {
    const rows = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Model Lab: ${title}` },
      (progress) => {
        let last = 0;
        return compressReport(file, runsDirOf(file), {
          onProgress: (done, label) => {
            progress.report({ increment: 100 * (done - last), message: label });
            last = done;
            if (!panel.isDisposed) panel.loading(`${title}: ${label}`, done);
          },
        });
      },
    );
    if (rows.length === 0) throw new Error('no finished run with weights; train a model of this file first');
    if (panel.isDisposed) return { rows, drawn: null };
    panel.showRows({ file: vscode.workspace.asRelativePath(file), rows });
    return { rows, drawn: await panel.drawn() };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.warn(`compression report of ${file}: ${message}`);
    if (panel.isDisposed) return { failed: message, drawn: null };
    panel.showError('No compression report', message);
    return { failed: message, drawn: await panel.drawn() };
  }
}
