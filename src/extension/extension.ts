// Entry point of the extension host: registers every provider, view and command, each pushed
// into context.subscriptions so that deactivation leaves nothing behind.
import * as vscode from 'vscode';
import type { ComputeInfo, DevicePreference } from '../protocol';
import type { Analysis } from '../lang';
import { modelDeclarations } from './codelens';
import { COMMAND_IDS, LANGUAGE_ID, SETTINGS, VIEW_IDS, type CommandId } from './command-ids';
import { ComputeStatus } from './compute-status';
import type { AnalysisCache } from './language/analysis-cache';
import { registerLanguageFeatures } from './language';
import { newExperiment } from './new-experiment';
import { RunsTreeProvider } from './runs-tree';
import { TrainerPanel } from './trainer-panel';
import { TrainingViewProvider } from './training-view';

/** What the Train command resolves to: handy for tests and for other extensions. */
export interface TrainResult {
  readonly model: string;
  readonly compute: ComputeInfo;
}

const HANDSHAKE_TIMEOUT_MS = 30_000;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Model Lab', { log: true });
  const status = new ComputeStatus();
  const runs = new RunsTreeProvider();
  const trainingView = new TrainingViewProvider(context.extensionUri, log);
  const language = registerLanguageFeatures(context);

  context.subscriptions.push(
    log,
    status,
    runs,
    trainingView,
    vscode.window.registerTreeDataProvider(VIEW_IDS.runs, runs),
    vscode.window.registerWebviewViewProvider(VIEW_IDS.training, trainingView),
    TrainerPanel.onDidProbeCompute((info) => {
      status.show(info);
      trainingView.showCompute(info);
    }),
  );

  const commands: Record<CommandId, (...args: never[]) => unknown> = {
    'modelLab.train': (uri?: vscode.Uri, model?: string) => train(context, log, language.analyses, uri, model),
    'modelLab.stop': () => vscode.window.showInformationMessage('Model Lab: no training run is in progress.'),
    'modelLab.showArchitecture': () =>
      vscode.window.showInformationMessage('Model Lab: the architecture diagram arrives with the trainer panel issue.'),
    'modelLab.export': () => vscode.window.showInformationMessage('Model Lab: export to ONNX and PyTorch arrives with its own issue.'),
    'modelLab.newExperiment': () => newExperiment(),
    'modelLab.refreshRuns': () => runs.refresh(),
  };
  for (const id of COMMAND_IDS) context.subscriptions.push(vscode.commands.registerCommand(id, commands[id]));
  log.info('Model Lab activated');
}

async function train(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, analyses: AnalysisCache, uri?: vscode.Uri, model?: string): Promise<TrainResult | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== LANGUAGE_ID) {
    void vscode.window.showWarningMessage('Model Lab: open an experiment file (*.mlab) to train a model.');
    return undefined;
  }
  const name = model ?? (await pickModel(analyses.get(document)));
  if (!name) return undefined;
  const preference = vscode.workspace.getConfiguration('modelLab').get<DevicePreference>(SETTINGS.device, 'auto');
  const panel = TrainerPanel.show(context.extensionUri, log, { file: vscode.workspace.asRelativePath(document.uri), model: name }, preference);
  try {
    const compute = await withTimeout(panel.compute(), HANDSHAKE_TIMEOUT_MS, 'the trainer panel did not start');
    log.info(`trainer for '${name}' is ready: ${compute.backend}${compute.reason ? ` (${compute.reason})` : ''}`);
    return { model: name, compute };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`trainer for '${name}': ${message}`);
    void vscode.window.showErrorMessage(`Model Lab: ${message}`);
    return undefined;
  }
}

async function pickModel(analysis: Analysis): Promise<string | undefined> {
  const names = [...new Set(modelDeclarations(analysis).map((m) => m.name))];
  if (names.length <= 1) return names[0];
  return vscode.window.showQuickPick(names, { placeHolder: 'Which model should be trained?' });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function deactivate(): void {
  TrainerPanel.active?.dispose();
}
