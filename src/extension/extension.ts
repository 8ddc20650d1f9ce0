// Entry point of the extension host: registers every provider, view and command, each pushed
// into context.subscriptions so that deactivation leaves nothing behind.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GenerateOptions } from '../engine/infer/generate';
import { GENERATED_SCHEME, GeneratedTexts, generateCommand } from './generate/generate-text';
import { experimentDocument } from './experiment-document';
import type { DevicePreference } from '../protocol/wire';
import type { Analysis } from '../lang';
import { modelDeclarations } from './codelens';
import { COMMAND_IDS, SETTINGS, VIEW_IDS, type CommandId } from './command-ids';
import { ChartHistory } from './chart-history';
import { ComputeStatus } from './compute-status';
import { DataDiagnostics, previewData } from './data-preview';
import { TeacherDiagnostics } from './language/teacher-diagnostics';
import { showArchitecture } from './diagram';
import { exportModel } from './export/export-model';
import type { ExportFormat } from './export/export-pytorch';
import { importRun } from './runs/import-run';
import type { RunFollower } from './runs/follow-run';
import { registerLanguageFeatures } from './language';
import { showMemoryUse } from './memory-use';
import { newExperiment } from './new-experiment';
import { predict } from './predict/predict-panel';
import { OnnxEditorProvider, ONNX_VIEW_TYPE } from './onnx-viewer/onnx-editor';
import { openSample } from './open-sample';
import { stepDone } from './walkthrough-progress';
import { disposeOpenPages } from './pages/page';
import { RunManager, type TrainResult } from './runs/run-manager';
import { RunReporter } from './runs/run-reporter';
import { compareRuns } from './compare';
import { showCompressionReport } from './compress';
import { quantizeCommand } from './compress/quantize';
import type { CalibrationSpec } from '../engine/quant/calibrate';
import type { AwareSpec } from '../export/onnx/int8-run';
import { rerun } from './runs/rerun';
import { resumeRun } from './runs/resume';
import type { RunRef } from './runs/run-ref';
import { revealRun } from './runs/reveal-run';
import { showRunReport } from './run-report';
import { RunsTreeProvider, type RunsNode } from './runs-tree';
import { TrainerPanel } from './trainer-panel';
import { TrainingViewProvider } from './training-view';
import { gateCommands } from './trust-gate';
import { workspaceTrust } from './workspace-trust';

export type { TrainResult } from './runs/run-manager';

export function activate(context: vscode.ExtensionContext): void {
  // First in, first disposed: open pages close (a training run stops) while everything else still works.
  context.subscriptions.push(disposeOpenPages);
  const log = vscode.window.createOutputChannel('Model Lab', { log: true });
  const status = new ComputeStatus();
  const runs = new RunsTreeProvider();
  const chartHistory = new ChartHistory();
  const following = new Set<RunFollower>();
  context.subscriptions.push({ dispose: () => following.forEach((f) => f.dispose()) });
  const trainingView = new TrainingViewProvider(context.extensionUri, log, chartHistory);
  TrainerPanel.drawFrom(chartHistory);
  const language = registerLanguageFeatures(context);
  const manager = new RunManager(context.extensionUri, log, language.analyses);
  const reporter = new RunReporter(language.lenses, trainingView, runs);
  const dataDiagnostics = new DataDiagnostics(language.analyses);
  const teacherDiagnostics = new TeacherDiagnostics(language.analyses);
  const onnxViewer = new OnnxEditorProvider(context.extensionUri, log);

  context.subscriptions.push(
    teacherDiagnostics,
    log,
    status,
    runs,
    trainingView,
    manager,
    reporter,
    dataDiagnostics,
    manager.onDidUpdate((u) => reporter.update(u)),
    vscode.window.createTreeView(VIEW_IDS.runs, { treeDataProvider: runs, canSelectMany: true }),
    vscode.window.registerWebviewViewProvider(VIEW_IDS.training, trainingView),
    vscode.window.registerCustomEditorProvider(ONNX_VIEW_TYPE, onnxViewer),
    TrainerPanel.onDidProbeCompute((info) => {
      status.show(info);
      trainingView.showCompute(info);
    }),
  );

  const generated = new GeneratedTexts();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(GENERATED_SCHEME, generated));
  const trust = workspaceTrust(log);
  context.subscriptions.push(trust);
  // Restricted Mode turns off training, re-run, resume, export and quantizing (trust-gate.ts says why).
  const commands: Record<CommandId, (...args: never[]) => unknown> = gateCommands(
    {
      'modelLab.train': (uri?: vscode.Uri, model?: string) =>
        stepDone('train', train(manager, log, language.analyses.get.bind(language.analyses), uri, model)),
      'modelLab.stop': () => manager.stop() || vscode.window.showInformationMessage('Model Lab: no training run is in progress.'),
      'modelLab.showArchitecture': (uri?: vscode.Uri, model?: string) =>
        stepDone('diagram', showArchitecture(context.extensionUri, log, language.analyses, uri, model)),
      'modelLab.export': (target?: RunRef, model?: string, format?: ExportFormat | 'pick', out?: string) =>
        exportModel(log, (d) => language.analyses.get(d), target, model, format, out),
      'modelLab.newExperiment': (template?: string) => newExperiment(template),
      'modelLab.openSample': (name?: string) => openSample(context, name),
      'modelLab.refreshRuns': () => runs.refresh(),
      'modelLab.openRunRecord': (node?: RunsNode) =>
        node?.kind === 'run' && vscode.window.showTextDocument(vscode.Uri.file(join(node.run.dir, 'record.jsonl'))),
      'modelLab.deleteRun': (node?: RunsNode) => node?.kind === 'run' && deleteRun(node.run.dir, runs),
      'modelLab.showRunReport': (target?: RunRef) => stepDone('report', showRunReport(context.extensionUri, log, target)),
      'modelLab.compareRuns': (clicked?: RunRef, selected?: RunRef[]) =>
        stepDone('compare', compareRuns(context.extensionUri, log, clicked, selected)),
      'modelLab.rerun': (target?: RunRef) => rerun(manager, log, (d) => language.analyses.get(d), devicePreference(), target),
      'modelLab.resume': (target?: RunRef) => resumeRun(manager, log, devicePreference(), target),
      'modelLab.revealRun': (target?: RunRef) => revealRun(target),
      'modelLab.previewData': (uri?: vscode.Uri, name?: string) =>
        previewData(context.extensionUri, log, language.analyses, dataDiagnostics, uri, name),
      'modelLab.showMemoryUse': () => showMemoryUse(manager, trainingView, log),
      'modelLab.importRun': (source?: vscode.Uri) => importRun(() => runs.refresh(), source, { chart: chartHistory, following }),
      'modelLab.generate': (uri?: vscode.Uri, model?: string, options?: Partial<GenerateOptions>) =>
        generateCommand(generated, uri, model, options),
      'modelLab.openOnnxViewer': (uri?: vscode.Uri) => openOnnx(onnxViewer, uri),
      // Exporting first goes through the Export command, so Restricted Mode refuses it as it refuses Export.
      'modelLab.predict': (target?: RunRef) =>
        predict(
          context.extensionUri,
          log,
          (dir) => Promise.resolve(vscode.commands.executeCommand('modelLab.export', dir, undefined, 'onnx')),
          target,
        ),
      'modelLab.showCompressionReport': (uri?: vscode.Uri) => showCompressionReport(context.extensionUri, log, uri),
      'modelLab.quantize': (target?: RunRef, calibration?: Partial<CalibrationSpec>, aware?: AwareSpec) =>
        quantizeCommand(log, target, calibration, aware),
    },
    trust,
  );
  for (const id of COMMAND_IDS) context.subscriptions.push(vscode.commands.registerCommand(id, commands[id]));
  log.info('Model Lab activated');
}

async function train(
  manager: RunManager,
  log: vscode.LogOutputChannel,
  analyze: (d: vscode.TextDocument) => Analysis,
  uri?: vscode.Uri,
  model?: string,
): Promise<TrainResult | undefined> {
  const document = await experimentDocument(uri, 'train a model');
  if (!document) return undefined;
  const name = model ?? (await pickModel(analyze(document)));
  if (!name) return undefined;
  const preference = devicePreference();
  try {
    const result = await manager.train(document, name, preference);
    for (const r of result.runs) log.info(`run ${r.runId}: ${r.status}${r.message ? ` (${r.message})` : ''} -> ${r.dir}`);
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`training '${name}': ${message}`);
    void vscode.window.showErrorMessage(`Model Lab: ${message}`);
    return undefined;
  }
}

function devicePreference(): DevicePreference {
  return vscode.workspace.getConfiguration('modelLab').get<DevicePreference>(SETTINGS.device, 'auto');
}

async function pickModel(analysis: Analysis): Promise<string | undefined> {
  const names = [...new Set(modelDeclarations(analysis).map((m) => m.name))];
  if (names.length <= 1) return names[0];
  return vscode.window.showQuickPick(names, { placeHolder: 'Which model should be trained?' });
}

async function openOnnx(viewer: OnnxEditorProvider, uri?: vscode.Uri) {
  const target =
    uri ?? (await vscode.window.showOpenDialog({ filters: { 'ONNX model': ['onnx'] }, openLabel: 'Open in the ONNX viewer' }))?.[0];
  return target && viewer.open(target);
}

async function deleteRun(dir: string, runs: RunsTreeProvider): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `Delete the run in ${vscode.workspace.asRelativePath(dir)}? Its record and weights are removed.`,
    { modal: true },
    'Delete',
  );
  if (answer !== 'Delete') return false;
  await vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: false });
  runs.refresh();
  return true;
}
