// Export ▸ ONNX from the editor: on a model's CodeLens (its newest finished run) or on a run in
// the Runs tree. The export itself is the CLI's (src/export/onnx/export-run.ts): the run folder
// gets model.onnx once onnxruntime-web matches the engine; the notification names the file and
// the largest difference. Restricted Mode keeps it off (trust-gate.ts).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { OnnxExportError } from '../../export/onnx/export';
import { exportOnnxFile, type OnnxExportResult } from '../../export/onnx/export-run';
import { latestRun, ONNX_FILE, sourceFromRun } from '../../export/onnx/sources';
import type { Analysis } from '../../lang';
import { modelDeclarations } from '../codelens';
import { experimentDocument } from '../experiment-document';
import { runDirOf, type RunRef } from '../runs/run-ref';
import { exportPytorchScript, pickExportFormat, type ExportFormat } from './export-pytorch';

/** What the command resolves to (the integration tests read it). */
export type ExportOutcome = OnnxExportResult & { readonly runDir: string };

type Analyze = (document: vscode.TextDocument) => Analysis;

/** Export ▸ ONNX / PyTorch: `format` 'pick' (the CodeLens) asks; absent, ONNX (the Runs tree's item). */
export async function exportModel(
  log: vscode.LogOutputChannel,
  analyze: Analyze,
  target?: RunRef,
  model?: string,
  format?: ExportFormat | 'pick',
  out?: string,
): Promise<ExportOutcome | string | undefined> {
  const chosen = format === 'pick' ? await pickExportFormat(model ?? 'the model') : (format ?? 'onnx');
  if (!chosen) return undefined;
  if (chosen === 'pytorch') {
    const isExperiment = target instanceof vscode.Uri && target.fsPath.endsWith('.mlab');
    const document = await experimentDocument(isExperiment ? target : undefined, 'export a model');
    if (!document) return undefined;
    const name = model ?? (await pickModel(analyze(document)));
    return name ? exportPytorchScript(log, document, analyze(document), name, out) : undefined;
  }
  const runDir = await runToExport(analyze, target, model);
  if (!runDir) return undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Model Lab: exporting to ONNX and checking it in onnxruntime-web…' },
      async () => exportOnnxFile({ ...(await sourceFromRun(runDir)), out: [join(runDir, ONNX_FILE)] }),
    );
    const path = result.paths[0]!;
    const diff = result.maxAbsDiff.toExponential(2);
    log.info(`[export] ${path}: ${result.bytes} bytes, max abs difference ${diff} on ${result.samples} samples of ${result.inputSource}`);
    void vscode.window.showInformationMessage(
      `Model Lab: exported ${vscode.workspace.asRelativePath(path)}. onnxruntime-web matches the engine (max difference ${diff} on ${result.samples} samples).`,
    );
    return { ...result, runDir };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`[export] ${runDir}: ${message}`);
    void vscode.window.showErrorMessage(`Model Lab: ONNX export failed: ${message}`);
    if (!(e instanceof OnnxExportError)) log.error(e instanceof Error ? (e.stack ?? message) : message);
    return undefined;
  }
}

/** The run folder: the one given (a Runs tree node, a folder), else the model's newest finished run. */
async function runToExport(analyze: Analyze, target: RunRef | undefined, model: string | undefined): Promise<string | undefined> {
  const isExperiment = target instanceof vscode.Uri && target.fsPath.endsWith('.mlab');
  if (target !== undefined && !isExperiment) {
    const dir = runDirOf(target);
    if (!dir) void vscode.window.showInformationMessage('Model Lab: pick a finished run in the Runs tree to export it.');
    return dir;
  }
  const document = await experimentDocument(isExperiment ? target : undefined, 'export a model');
  if (!document) return undefined;
  const name = model ?? (await pickModel(analyze(document)));
  if (!name) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? join(document.uri.fsPath, '..');
  const dir = latestRun(join(folder, '.modellab', 'runs'), document.uri.fsPath, name);
  if (!dir) void vscode.window.showInformationMessage(`Model Lab: '${name}' has no finished run to export yet. Train it first (▶ Train).`);
  return dir ?? undefined;
}

async function pickModel(analysis: Analysis): Promise<string | undefined> {
  const names = [...new Set(modelDeclarations(analysis).map((m) => m.name))];
  if (names.length <= 1) return names[0];
  return vscode.window.showQuickPick(names, { placeHolder: 'Which model should be exported?' });
}
