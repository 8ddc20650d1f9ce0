// `model-lab export FILE --format pytorch`: the experiment as one self-contained PyTorch script
// (src/export/pytorch/script.ts) that trains in one process or under torchrun with DDP.
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { PytorchExportError } from '../export/pytorch/errors';
import { pytorchScript } from '../export/pytorch/script';
import { runsForModel } from '../lang';
import { EXIT_OK, EXIT_USER_ERROR, UserError, type CliIO } from './command';
import { formatDiagnostic, readExperiment } from './read-experiment';

export function exportPytorch(o: { file: string; model?: string; out?: string }, io: CliIO): number {
  const analysis = readExperiment(o.file);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) io.err(formatDiagnostic(o.file, d));
  if (errors.length > 0) return EXIT_USER_ERROR;
  const model = o.model ?? analysis.trains[0]?.model ?? analysis.models[0]?.name;
  if (!model) throw new UserError(`${o.file}: no model block to export`);
  const plan = runsForModel(analysis, model)[0];
  if (!plan) throw new UserError(`${o.file}: model '${model}' has no train block; the script needs its recipe`);
  const out = resolve(o.out ?? `train_${model}.py`);
  const file = resolve(o.file);
  try {
    writeFileSync(
      out,
      pytorchScript({ graph: plan.graph, config: plan.config, data: plan.data, file, dataRoot: dirname(file), scriptName: basename(out) }),
    );
  } catch (e) {
    if (e instanceof PytorchExportError) throw new UserError(`${o.file}: model '${model}': ${e.message}`, { cause: e });
    throw e;
  }
  io.out(`${out}: PyTorch script for model '${model}' (train ${model} on ${plan.data.name})`);
  io.out(`  one process:  python3 ${basename(out)}`);
  io.out(`  DDP:          torchrun --nproc_per_node=N ${basename(out)}`);
  return EXIT_OK;
}
