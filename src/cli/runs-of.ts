// The newest finished run of a model of an experiment file (the first train block's model by
// default), for the commands that start from a trained model (quantize, compress-report).
import { join } from 'node:path';
import { latestRun } from '../export/onnx/sources';
import { UserError } from './command';
import { formatDiagnostic, readExperiment } from './read-experiment';
import { workspaceOf } from './train';

export function newestRunOf(file: string, model?: string): string {
  const analysis = readExperiment(file);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UserError(errors.map((d) => formatDiagnostic(file, d)).join('\n'));
  const name = model ?? analysis.trains[0]?.model ?? analysis.models[0]?.name;
  if (!name) throw new UserError(`${file}: no model block`);
  const runs = join(workspaceOf(file), '.modellab', 'runs');
  const dir = latestRun(runs, file, name);
  if (!dir) throw new UserError(`${file}: model '${name}' has no finished run in ${runs}; train it first, or pass --run`);
  return dir;
}
