// What an export starts from: a finished run's folder (its record's graph, data and settings, and
// its weights.safetensors: the model as it was trained, whatever the file says now), or a model
// of an experiment file with a weights file beside it. Node only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Graph } from '../../graph/ir';
import { readRunSummary } from '../../engine/io/run-summary';
import { decodeSafetensors } from '../../engine/io/safetensors';
import { readTrainedRecord, readTrainedWeights, TrainedRunError, WEIGHTS_FILE } from '../../engine/io/trained-run';
import type { NamedTensors } from '../../engine/train/types';
import { runsForModel, type Analysis } from '../../lang/analyze';
import { OnnxExportError } from './export';
import type { DataContext } from './inputs';

export { WEIGHTS_FILE };
export const ONNX_FILE = 'model.onnx';

export interface ExportSource {
  readonly graph: Graph;
  readonly weights: NamedTensors;
  readonly data: DataContext | null;
}

/** Run statuses whose weights are the trained model (a diverged or failed run's are not). */
export const EXPORTABLE_STATUSES: ReadonlySet<string> = new Set(['completed', 'early_stopped', 'threshold', 'stopped']);

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function readWeights(path: string): NamedTensors {
  try {
    return decodeSafetensors(readFileSync(path)).tensors;
  } catch (e) {
    throw new OnnxExportError(`${path}: ${why(e)}`);
  }
}

/** A run folder: its record must hold the graph (newer records do) and the run must have saved weights. */
export async function sourceFromRun(dir: string): Promise<ExportSource> {
  try {
    const { record, graph } = readTrainedRecord(dir);
    const { start, end } = record;
    if (end && !EXPORTABLE_STATUSES.has(end.status))
      throw new OnnxExportError(
        `${dir}: the run ${end.status === 'diverged' ? 'diverged' : `ended as ${end.status}`}; its weights are not a trained model`,
      );
    const weights = await readTrainedWeights(dir, end);
    const data = start.data && start.file ? { data: start.data, config: start.config, file: start.file } : null;
    return { graph, weights, data };
  } catch (e) {
    if (e instanceof TrainedRunError) throw new OnnxExportError(exportProblem(dir, e));
    throw e;
  }
}

function exportProblem(dir: string, e: TrainedRunError): string {
  const p = e.problem;
  if (p.kind === 'no-graph') return `${dir}: the run record has no model graph (an older Model Lab wrote it); train '${p.model}' again`;
  if (p.kind !== 'no-weights') return e.message;
  const how = p.end ? `it ended as ${p.end.status.replace('_', ' ')}` : 'it is still training, or its process died';
  return `${dir}: the run has no ${WEIGHTS_FILE} (${how}); only a finished or stopped run can be exported`;
}

/** A model of an analysed experiment file with a weights file; the data is its first train block's. */
export function sourceFromFile(analysis: Analysis, file: string, model: string, weightsPath: string): ExportSource {
  const m = analysis.models.find((x) => x.name === model);
  if (!m) throw new OnnxExportError(`${file}: no model named '${model}'`);
  if (!m.graph) throw new OnnxExportError(`${file}: model ${model} has errors; fix them first (model-lab check)`);
  const run = runsForModel(analysis, model)[0];
  return { graph: m.graph, weights: readWeights(weightsPath), data: run ? { data: run.data, config: run.config, file } : null };
}

/** The newest exportable run of `model` from experiment `file` under `runsDir` (.modellab/runs), sweeps' runs included. */
export function latestRun(runsDir: string, file: string, model: string): string | null {
  const dirs: string[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const sub = join(dir, name);
      if (existsSync(join(sub, 'record.jsonl'))) dirs.push(sub);
      else if (depth === 0) visit(sub, 1); // a sweep's folder holds its runs 1, 2, ...
    }
  };
  visit(runsDir, 0);
  const target = resolve(file);
  const runs = dirs
    .map((d) => readRunSummary(d))
    .filter(
      (r) =>
        r && r.model === model && resolve(r.file) === target && EXPORTABLE_STATUSES.has(r.status) && existsSync(join(r.dir, WEIGHTS_FILE)),
    )
    .sort((a, b) => b!.time.localeCompare(a!.time));
  return runs[0]?.dir ?? null;
}
