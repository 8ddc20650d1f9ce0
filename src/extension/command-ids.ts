// The commands the extension contributes, in one list. Pure data (no vscode import) so that
// the unit tests can check it against package.json's `contributes.commands`.
export const COMMAND_IDS = [
  'modelLab.train',
  'modelLab.stop',
  'modelLab.showArchitecture',
  'modelLab.export',
  'modelLab.newExperiment',
  'modelLab.openSample',
  'modelLab.refreshRuns',
  'modelLab.openRunRecord',
  'modelLab.deleteRun',
  'modelLab.showRunReport',
  'modelLab.compareRuns',
  'modelLab.rerun',
  'modelLab.resume',
  'modelLab.revealRun',
  'modelLab.previewData',
  'modelLab.showMemoryUse',
  'modelLab.importRun',
  'modelLab.generate',
  'modelLab.openOnnxViewer',
  'modelLab.predict',
  'modelLab.showCompressionReport',
  'modelLab.quantize',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export const VIEW_IDS = { runs: 'modelLab.runs', training: 'modelLab.training' } as const;

/** Custom editors (contributes.customEditors). */
export const CUSTOM_EDITOR_IDS = { onnx: 'modelLab.onnxViewer' } as const;

export const LANGUAGE_ID = 'mlab';

/** Context keys the walkthrough's steps complete on (set by walkthrough-progress.ts). */
export const WALKTHROUGH_CONTEXT = {
  train: 'modelLab.walkthrough.trained',
  diagram: 'modelLab.walkthrough.diagramShown',
  compare: 'modelLab.walkthrough.compared',
  report: 'modelLab.walkthrough.reportShown',
} as const;

/** Setting keys under the `modelLab` section. */
export const SETTINGS = { codeLens: 'codeLens.enabled', device: 'device', cpuThreads: 'cpuThreads' } as const;
