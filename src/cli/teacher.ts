// A distilled run's teacher from the CLI: a model of the same file (its newest finished run under
// the workspace's .modellab/runs) or a run folder written in the train block (relative to the
// experiment file, inside the workspace, links followed, as every path of a file is checked).
// The teacher is the run's own graph and weights.safetensors, whatever the file says now.
import { DataError, resolveInside } from '../engine/data/host';
import { locationOf, nodeDataHost } from '../engine/data/node-host';
import type { TeacherModel } from '../engine/train/distill';
import { OnnxExportError } from '../export/onnx/export';
import { latestRun, sourceFromRun } from '../export/onnx/sources';
import { readRunRecord } from '../engine/io/read-record';
import type { DistillSpec } from '../graph/train-config';
import type { SourceRange } from '../graph/ir';
import type { Analysis, RunPlan } from '../lang/analyze';
import { UserError } from './command';

export interface ResolvedTeacher {
  readonly model: TeacherModel;
  /** The teacher run's folder (absolute): the student's record names it. */
  readonly dir: string;
}

/** The teacher setting's FILE:LINE, for the messages. */
export function teacherLine(file: string, run: RunPlan): string {
  const s = run.train.block.settings.find((x) => x.key.name === 'teacher');
  return `${file}:${(s ?? run.train.block).range.startLine + 1}`;
}

/** `runsDir`: where the file's runs are (.modellab/runs of its workspace). A resumed run (`resumeDir`)
 *  keeps the teacher its record names, not the model's newest run (which may have come since). */
export async function resolveTeacher(
  file: string,
  runsDir: string,
  spec: DistillSpec,
  where: string,
  resumeDir: string | null = null,
): Promise<ResolvedTeacher> {
  let dir: string | null = resumeDir ? (readRunRecord(resumeDir).start.distill?.teacher ?? null) : null;
  if (!dir && spec.teacherIsRun) {
    try {
      dir = await resolveInside(nodeDataHost, locationOf(file), spec.teacher);
    } catch (e) {
      if (e instanceof DataError) throw new UserError(`${where}: teacher: ${e.message}`);
      throw e;
    }
  } else if (!dir) {
    dir = latestRun(runsDir, file, spec.teacher);
    if (!dir)
      throw new UserError(
        `${where}: teacher '${spec.teacher}' has no finished run; train it first (model-lab train FILE --model ${spec.teacher})`,
      );
  }
  try {
    const source = await sourceFromRun(dir);
    return { model: { graph: source.graph, weights: source.weights }, dir };
  } catch (e) {
    if (e instanceof OnnxExportError) throw new UserError(`${where}: teacher: ${e.message.replace(/exported/g, 'a teacher')}`);
    throw e;
  }
}

/** What the student's record says of its teacher (StartExtras.distill). */
export const distillRecord = (t: ResolvedTeacher, spec: DistillSpec) => ({
  teacher: t.dir,
  teacherModel: t.model.graph.name,
  temperature: spec.temperature,
  alpha: spec.alpha,
});

/** Teachers named by model that have no finished run under `runsDir` yet: one problem per teacher
 *  line (the editor shows them on open and save; the CLI refuses such a run with the same words). */
export function untrainedTeachers(analysis: Analysis, file: string, runsDir: string): { range: SourceRange; message: string }[] {
  return analysis.trains.flatMap((t) => {
    const spec = t.configs[0]?.distill;
    const line = t.block.settings.find((s) => s.key.name === 'teacher');
    if (!spec || spec.teacherIsRun || !line || !analysis.models.some((m) => m.name === spec.teacher)) return [];
    if (latestRun(runsDir, file, spec.teacher)) return [];
    return [
      { range: line.range, message: `teacher '${spec.teacher}' has no finished run; train it first (▶ Train on model ${spec.teacher})` },
    ];
  });
}
