// A distilled run's teacher for ▶ Train: found as the CLI finds it (cli/teacher.ts: the model's
// newest finished run, or a run folder; a resumed run keeps the one its record names), then sent
// with the run request to whichever side trains. No vscode here: the paths come in as strings.
import type { StartExtras } from '../../engine/io/run-record';
import type { RunPlan } from '../../lang/analyze';
import { tensorsToWire } from '../../protocol/run-wire';
import type { WireTeacher } from '../../protocol/runs';
import { distillRecord, resolveTeacher, teacherLine } from '../../cli/teacher';

export interface RunTeacher {
  readonly wire: WireTeacher;
  /** The record's start.distill, as the CLI writes it. */
  readonly record: NonNullable<StartExtras['distill']>;
}

/** `shownFile`: the file as the messages name it (relative to the workspace); `file`: its path. */
export async function runTeacher(
  file: string,
  shownFile: string,
  runsDir: string,
  plan: RunPlan,
  resumeDir: string | null,
): Promise<RunTeacher | null> {
  const spec = plan.config.distill;
  if (!spec) return null;
  const t = await resolveTeacher(file, runsDir, spec, teacherLine(shownFile, plan), resumeDir);
  return { wire: { graph: t.model.graph, weights: tensorsToWire(t.model.weights) }, record: distillRecord(t, spec) };
}
