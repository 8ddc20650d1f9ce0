// `model-lab summary FILE [MODEL]`: a Keras/torchinfo-like table per model, with the training
// memory estimate at the batch size and optimizer of the model's first train block.
import { formatSummary } from '../graph/summary';
import type { OptimizerSpec } from '../graph/train-config';
import type { Analysis } from '../lang/analyze';
import type { ModelAnalysis } from '../lang/check-model';
import { didYouMean } from '../lang/suggest';
import { EXIT_OK, EXIT_USER_ERROR, UserError, type CliCommand } from './command';
import { parseFlags } from './flags';
import { formatDiagnostic, readExperiment } from './read-experiment';

const DEFAULT_OPTIMIZER: OptimizerSpec = { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'print a table of layers, shapes, parameters and FLOPs for each model',
  help: [
    'Usage: model-lab summary FILE [MODEL]',
    '',
    'Prints, for MODEL (or every model in FILE), each layer with its output shape, parameter count',
    'and FLOPs (multiply-adds per example), the totals, and the training memory estimate at the',
    "batch size and optimizer of the model's first train block (batch 32 and adam without one).",
  ].join('\n'),
  run(args, io) {
    const [path, modelName, ...extra] = parseFlags('summary', args, {}).positionals;
    if (!path) throw new UserError('summary needs a file: model-lab summary FILE [MODEL]');
    if (extra.length) throw new UserError(`summary takes one file and one model name; unexpected '${extra[0]}'`);
    const analysis = readExperiment(path);
    const models = modelName ? [findModel(analysis, path, modelName)] : analysis.models;
    if (models.length === 0) throw new UserError(`${path}: no model block to summarise`);
    let status = EXIT_OK;
    models.forEach((model, i) => {
      if (i > 0) io.out('');
      if (!model.graph) {
        const inBlock = analysis.diagnostics.filter(
          (d) => d.severity === 'error' && d.range.startLine >= model.block.range.startLine && d.range.endLine <= model.block.range.endLine,
        );
        io.err(`${path}: model ${model.name} has errors:`);
        for (const d of inBlock) io.err(formatDiagnostic(path, d));
        status = EXIT_USER_ERROR;
        return;
      }
      const train = analysis.trains.find((t) => t.model === model.name && t.configs.length > 0);
      const config = train?.configs[0];
      io.out(
        formatSummary(model.graph, {
          batch: config?.batch ?? 32,
          optimizer: config?.optimizer ?? DEFAULT_OPTIMIZER,
          source: train ? `train ${train.model} on ${train.data}` : 'no train block: defaults',
        }),
      );
    });
    return status;
  },
};

function findModel(analysis: Analysis, path: string, name: string): ModelAnalysis {
  const model = analysis.models.find((m) => m.name === name);
  if (model) return model;
  const names = analysis.models.map((m) => m.name);
  throw new UserError(`${path}: no model named '${name}'${didYouMean(name, names)}${names.length ? ` (models: ${names.join(', ')})` : ''}`);
}
