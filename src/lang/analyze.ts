// The whole pipeline for one document: parse, check every block, build the graphs, resolve the
// data and train blocks, and join them. Never throws on any input; every range is inside the text.
import type { Graph, SourceRange } from '../graph/ir';
import type { DataSpec } from '../graph/data-spec';
import type { TrainConfig } from '../graph/train-config';
import type { ExperimentFile } from './ast';
import { checkModel, type ModelAnalysis } from './check-model';
import { checkTrainLinks } from './check-train';
import { capDiagnostics, DiagnosticSink, type Diagnostic } from './diagnostics';
import { parse } from './parser';
import { resolveData, type DataAnalysis } from './resolve-data';
import { resolveTrain, type TrainAnalysis } from './resolve-train';

export interface Analysis {
  readonly text: string;
  readonly file: ExperimentFile;
  /** Parse and check diagnostics, sorted by position; past MAX_DIAGNOSTICS, the rest are one "N more". */
  readonly diagnostics: readonly Diagnostic[];
  readonly models: readonly ModelAnalysis[];
  readonly data: readonly DataAnalysis[];
  readonly trains: readonly TrainAnalysis[];
}

export function analyze(text: string): Analysis {
  const parsed = parse(text);
  const sink = new DiagnosticSink();
  sink.addAll(parsed.diagnostics);
  const models: ModelAnalysis[] = [];
  const data: DataAnalysis[] = [];
  const trains: TrainAnalysis[] = [];
  for (const block of parsed.file.blocks) {
    if (block.kind === 'model') {
      const model = checkModel(block, sink);
      reportDuplicate(models, model.name, block.name?.range, 'model', sink);
      models.push(model);
    } else if (block.kind === 'data') {
      const dataSet = resolveData(block, sink);
      reportDuplicate(data, dataSet.name, block.name?.range, 'data set', sink);
      data.push(dataSet);
    }
  }
  for (const block of parsed.file.blocks) {
    if (block.kind !== 'train') continue;
    const train = resolveTrain(block, sink);
    checkTrainLinks(train, models, data, sink);
    trains.push(train);
  }
  const diagnostics = capDiagnostics([...sink.items].sort(compareDiagnostics));
  return { text, file: parsed.file, diagnostics, models, data, trains };
}

function reportDuplicate(
  existing: readonly { name: string }[],
  name: string,
  range: SourceRange | undefined,
  what: string,
  sink: DiagnosticSink,
): void {
  if (range && name && existing.some((e) => e.name === name))
    sink.error(range, `a ${what} named '${name}' is already defined above`, 'duplicate');
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol;
}

/** A run the editor can start: a resolved config with its graph and data (first definitions win). */
export interface RunPlan {
  readonly config: TrainConfig;
  readonly graph: Graph;
  readonly data: DataSpec;
  readonly train: TrainAnalysis;
}

/** Every runnable config of a model (its train blocks, sweeps expanded); empty if it has none or has errors. */
export function runsForModel(analysis: Analysis, modelName: string): RunPlan[] {
  const model = analysis.models.find((m) => m.name === modelName);
  if (!model?.graph) return [];
  const graph = model.graph;
  return analysis.trains
    .filter((t) => t.model === modelName)
    .flatMap((train) => {
      const data = analysis.data.find((d) => d.name === train.data)?.spec;
      return data ? train.configs.map((config) => ({ config, graph, data, train })) : [];
    });
}
