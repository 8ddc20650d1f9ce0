// Export ▸ PyTorch from the editor: the model's experiment as one PyTorch script
// (src/export/pytorch/script.ts) saved where the person picks (train_NAME.py beside the
// experiment by default); the notification gives both commands. Export ▸ ONNX stays in
// export-model.ts; pickExportFormat is the menu the CodeLens opens.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { PytorchExportError } from '../../export/pytorch/errors';
import { pytorchScript } from '../../export/pytorch/script';
import { runsForModel, type Analysis } from '../../lang';

export type ExportFormat = 'onnx' | 'pytorch';

export async function pickExportFormat(model: string): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'ONNX', description: 'its newest finished run, checked in onnxruntime-web', format: 'onnx' },
    { label: 'PyTorch', description: 'a script that trains it, also under torchrun (DDP)', format: 'pytorch' },
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: `Export '${model}' as…` }))?.format;
}

/** Writes the script; `out` skips the save dialog (the tests pass it). Returns the script's path. */
export async function exportPytorchScript(
  log: vscode.LogOutputChannel,
  document: vscode.TextDocument,
  analysis: Analysis,
  model: string,
  out?: string,
): Promise<string | undefined> {
  const plan = runsForModel(analysis, model)[0];
  if (!plan) {
    void vscode.window.showErrorMessage(`Model Lab: '${model}' has no train block; the PyTorch script needs its recipe.`);
    return undefined;
  }
  const file = document.uri.fsPath;
  const target =
    out ??
    (
      await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(join(dirname(file), `train_${model}.py`)),
        filters: { Python: ['py'] },
        title: `Export '${model}' as a PyTorch script`,
      })
    )?.fsPath;
  if (!target) return undefined;
  try {
    writeFileSync(target, pytorchScript({ ...plan, file, dataRoot: dirname(file), scriptName: basename(target) }));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`[export] ${model} to PyTorch: ${message}`);
    void vscode.window.showErrorMessage(`Model Lab: PyTorch export failed: ${message}`);
    if (!(e instanceof PytorchExportError)) throw e;
    return undefined;
  }
  log.info(`[export] ${target}: PyTorch script for '${model}'`);
  const name = basename(target);
  void vscode.window.showInformationMessage(
    `Model Lab: wrote ${vscode.workspace.asRelativePath(target)}. Run it with python3 ${name}, ` +
      `or torchrun --nproc_per_node=N ${name}; Import Run brings its run back.`,
  );
  return target;
}
