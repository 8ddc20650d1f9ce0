// Checks that join blocks: a train block's model and data exist, the data fits the model's input,
// and the loss and metrics fit the model's output and the data's targets.
import type { Graph, SourceRange } from '../graph/ir';
import type { TrainConfig } from '../graph/train-config';
import { numel, shapeText } from '../graph/shapes';
import type { ModelAnalysis } from './check-model';
import type { DiagnosticSink } from './diagnostics';
import type { DataAnalysis } from './resolve-data';
import type { TrainAnalysis } from './resolve-train';
import { findSetting } from './schema/settings';
import { CLASSIFICATION_METRICS, TRAIN_SETTINGS } from './schema/train-settings';
import { didYouMean } from './suggest';

export function checkTrainLinks(
  train: TrainAnalysis,
  models: readonly ModelAnalysis[],
  data: readonly DataAnalysis[],
  sink: DiagnosticSink,
): void {
  const { block } = train;
  const model = models.find((m) => m.name === train.model);
  const dataSet = data.find((d) => d.name === train.data);
  if (block.model && !model) {
    sink.error(
      block.model.range,
      `no model named '${train.model}'${didYouMean(
        train.model,
        models.map((m) => m.name),
      )}`,
      'unknown-name',
    );
  }
  if (block.data && !dataSet) {
    sink.error(
      block.data.range,
      `no data set named '${train.data}'${didYouMean(
        train.data,
        data.map((d) => d.name),
      )}`,
      'unknown-name',
    );
  }
  const seen = new Set<string>();
  const once = (range: SourceRange, message: string, severity: 'error' | 'warning', code: 'loss-mismatch' | 'data-mismatch' | 'hint') => {
    if (seen.has(message)) return;
    seen.add(message);
    if (severity === 'error') sink.error(range, message, code);
    else sink.warning(range, message, code);
  };
  const settingRange = (key: string) =>
    block.settings.find((s) => findSetting(TRAIN_SETTINGS, s.key.name)?.key === key)?.range ?? block.model?.range ?? block.keyword;
  const dataRange = block.data?.range ?? block.keyword;

  if (model?.graph && dataSet?.info.sequence) {
    const seq = dataSet.info.sequence;
    if (numel(model.graph.inputShape) !== numel(seq.input))
      once(
        dataRange,
        `data ${dataSet.name} gives ${seq.tokens ? 'token windows' : 'windows'} ${shapeText(seq.input)} per example, ` +
          `but model ${model.name} takes ${shapeText(model.graph.inputShape)}`,
        'error',
        'data-mismatch',
      );
  }
  if (model?.graph && dataSet) {
    const features = dataSet.info.features;
    if (features !== null && (model.graph.inputShape.length !== 1 || numel(model.graph.inputShape) !== features)) {
      once(
        dataRange,
        `data ${dataSet.name} gives ${features} feature${features === 1 ? '' : 's'} per example, ` +
          `but model ${model.name} takes input ${shapeText(model.graph.inputShape)}`,
        'error',
        'data-mismatch',
      );
    }
  }
  for (const config of train.configs) {
    if (config.distill && !config.distill.teacherIsRun)
      checkTeacher(train, config.distill.teacher, model, models, settingRange('teacher'), sink);
    if (model?.graph) checkLoss(config, model.graph, dataSet, settingRange('loss'), once);
    if (dataSet) checkMetrics(config, dataSet, settingRange, once);
  }
}

/** A teacher named by model: a model of this file, not the student itself, with the student's outputs. */
function checkTeacher(
  train: TrainAnalysis,
  name: string,
  student: ModelAnalysis | undefined,
  models: readonly ModelAnalysis[],
  range: SourceRange,
  sink: DiagnosticSink,
): void {
  const teacher = models.find((m) => m.name === name);
  if (!teacher) {
    const hint = didYouMean(
      name,
      models.map((m) => m.name),
    );
    sink.error(
      range,
      `no model named '${name}' to distil from${hint || '; a run folder is a quoted path: teacher: ".modellab/runs/..."'}`,
      'unknown-name',
    );
    return;
  }
  if (name === train.model) {
    sink.error(range, `model ${name} cannot be its own teacher`, 'bad-value');
    return;
  }
  const [t, s] = [teacher.graph, student?.graph];
  if (t && s && numel(t.nodes[t.output]!.shape) !== numel(s.nodes[s.output]!.shape))
    sink.error(
      range,
      `teacher ${name} has ${numel(t.nodes[t.output]!.shape)} outputs, student ${train.model} ${numel(s.nodes[s.output]!.shape)}: ` +
        'a teacher must predict the same classes',
      'shape',
    );
  else if (t && s && numel(t.inputShape) !== numel(s.inputShape))
    sink.error(range, `teacher ${name} takes input ${shapeText(t.inputShape)}, student ${train.model} ${shapeText(s.inputShape)}`, 'shape');
}

type Report = (
  range: SourceRange,
  message: string,
  severity: 'error' | 'warning',
  code: 'loss-mismatch' | 'data-mismatch' | 'hint',
) => void;

function checkLoss(config: TrainConfig, graph: Graph, data: DataAnalysis | undefined, range: SourceRange, report: Report): void {
  const output = graph.nodes[graph.output];
  const shape = output.shape;
  const units = shape.length === 1 ? shape[0] : null;
  const info = data?.info;
  const ends = `model ${graph.name} ends with ${shapeText(shape)}`;
  switch (config.loss.kind) {
    case 'binary_cross_entropy': {
      const name = config.loss.logits ? 'bce_with_logits' : 'binary_cross_entropy';
      const sigmoid = output.op.kind === 'activation' && output.op.fn === 'sigmoid';
      if (units !== 1)
        report(
          range,
          `${name} needs 1 output unit, but ${ends}; end it with ${config.loss.logits ? "'dense 1'" : "'dense 1 sigmoid'"}, or use cross_entropy`,
          'error',
          'loss-mismatch',
        );
      else if (config.loss.logits && sigmoid) {
        report(
          range,
          `bce_with_logits applies the sigmoid itself (it takes logits): remove the final sigmoid of model ${graph.name}`,
          'warning',
          'loss-mismatch',
        );
      } else if (!config.loss.logits && !sigmoid) {
        report(
          range,
          `binary_cross_entropy takes probabilities: end model ${graph.name} with sigmoid, or use bce_with_logits`,
          'warning',
          'loss-mismatch',
        );
      }
      if (info?.targets === 'classes' && info.classes !== null && info.classes > 2) {
        report(range, `${name} needs 2 classes, but data ${data?.name} has ${info.classes}; use cross_entropy`, 'error', 'loss-mismatch');
      }
      if (info?.targets === 'real')
        report(range, `${name} needs labels 0 or 1, but data ${data?.name} is a regression; use mse`, 'error', 'loss-mismatch');
      return;
    }
    case 'cross_entropy':
      if (shape.length === 2) checkPerToken(shape, graph, data, range, report);
      else if (units === null || units < 2) {
        report(
          range,
          `cross_entropy needs >= 2 outputs (one per class), but ${ends}; for one output use binary_cross_entropy with sigmoid`,
          'error',
          'loss-mismatch',
        );
      } else if (info?.targets === 'classes' && info.classes !== null && info.classes !== units) {
        report(
          range,
          `data ${data?.name} has ${info.classes} classes, but ${ends}; make the last layer 'dense ${info.classes}'`,
          'error',
          'loss-mismatch',
        );
      }
      if (info?.targets === 'real')
        report(
          range,
          `cross_entropy needs integer class labels, but data ${data?.name} is a regression; use mse`,
          'error',
          'loss-mismatch',
        );
      if (output.op.kind === 'softmax')
        report(
          range,
          `cross_entropy applies softmax itself (it takes logits): remove the final softmax of model ${graph.name}`,
          'warning',
          'loss-mismatch',
        );
      return;
    default:
      if (info?.targets === 'real' && info.outputs !== null && numel(shape) !== info.outputs) {
        report(
          range,
          `data ${data?.name} has ${info.outputs} target${info.outputs === 1 ? '' : 's'} per example, but ${ends}`,
          'error',
          'loss-mismatch',
        );
      }
  }
}

/** Per-token cross-entropy: a [T, V] output (V logits per token) against [T] targets. */
function checkPerToken(shape: readonly number[], graph: Graph, data: DataAnalysis | undefined, range: SourceRange, report: Report): void {
  const [T, V] = shape as [number, number];
  const ends = `model ${graph.name} ends with ${shapeText(shape)} (${V} logit${V === 1 ? '' : 's'} for each of ${T} tokens)`;
  const info = data?.info;
  if (V < 2)
    report(range, `per-token cross_entropy needs >= 2 logits per token, but ${ends}; end it with 'dense VOCAB'`, 'error', 'loss-mismatch');
  else if (info?.targets === 'classes' && info.classes !== null && info.classes !== V)
    report(
      range,
      `data ${data?.name} has ${info.classes} classes, but ${ends}; make the last layer 'dense ${info.classes}'`,
      'error',
      'loss-mismatch',
    );
  if (info?.targetLen === 1)
    report(
      range,
      `${ends}, but data ${data?.name} has one class label per example; pool the sequence first ('pool mean') or 'flatten'`,
      'error',
      'loss-mismatch',
    );
  else if (info?.targetLen !== undefined && info.targetLen !== T)
    report(
      range,
      `${ends}, but data ${data?.name} gives ${info.targetLen} targets per example; they must be ${T}`,
      'error',
      'loss-mismatch',
    );
}

function checkMetrics(config: TrainConfig, data: DataAnalysis, settingRange: (key: string) => SourceRange, report: Report): void {
  const regression = data.info.targets === 'real';
  for (const metric of config.metrics) {
    if (regression && CLASSIFICATION_METRICS.includes(metric)) {
      report(
        settingRange('metrics'),
        `${metric} needs class labels, but data ${data.name} is a regression; use mae or r2`,
        'warning',
        'hint',
      );
    }
    if (!regression && metric === 'r2' && data.info.targets === 'classes') {
      report(settingRange('metrics'), `r2 measures regressions, but data ${data.name} has class labels`, 'warning', 'hint');
    }
  }
  const valFraction = data.spec?.split.val ?? 0;
  const watches = [config.earlyStop?.monitor, config.stopWhen?.metric].filter((m): m is string => !!m);
  for (const monitor of watches) {
    if (monitor.startsWith('val_') && valFraction === 0) {
      const key = config.earlyStop?.monitor === monitor ? 'early_stop' : 'stop_when';
      report(
        settingRange(key),
        `${key} watches ${monitor}, but data ${data.name} has no validation split; add 'split: val 0.1'`,
        'warning',
        'data-mismatch',
      );
    }
  }
}
