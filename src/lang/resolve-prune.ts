// The compression settings: `prune:` -> PruneSpec (the schedule's epochs checked against the run's
// length), and `teacher:`, `temperature:`, `alpha:` -> DistillSpec.
import type { DistillSpec, LossSpec, PruneSpec } from '../graph/train-config';
import type { DiagnosticSink } from './diagnostics';
import { type InterpretedSettings, settingArgs, settingChoice } from './settings';

export function toPrune(settings: InterpretedSettings, epochs: number, sink: DiagnosticSink): PruneSpec | null {
  const chosen = settingChoice(settings, 'prune');
  const entry = settings.byKey.get('prune');
  if (!chosen || !entry) return null;
  const { args } = chosen;
  const sparsity = args.number('sparsity');
  if (sparsity === undefined) return null; // a bad value: its error is reported already
  const from = args.needNumber('from');
  const to = args.number('to') ?? from;
  const range = entry.setting.range;
  if (to < from) sink.error(args.rangeOf('to') ?? range, `prune: 'to' (${to}) comes before 'from' (${from})`, 'bad-value');
  else if (to > epochs)
    sink.warning(
      args.rangeOf('to') ?? range,
      `prune: epoch ${to} is past the run's ${epochs} epochs; the target is never reached`,
      'bad-value',
    );
  return {
    method: 'magnitude',
    sparsity,
    scope: args.needString('scope') === 'layer' ? 'layer' : 'global',
    by: args.needString('by') === 'channel' ? 'channel' : 'weight',
    from,
    to: Math.max(from, to),
    curve: args.needString('curve') === 'linear' ? 'linear' : 'cubic',
  };
}

/** A teacher makes a distilled run; temperature and alpha alone do nothing (a warning says so). */
export function toDistill(settings: InterpretedSettings, loss: LossSpec, sink: DiagnosticSink): DistillSpec | null {
  const entry = settings.byKey.get('teacher');
  const teacher = entry?.args.string('teacher');
  if (!entry || teacher === undefined) {
    for (const key of ['temperature', 'alpha'])
      if (settings.byKey.has(key))
        sink.warning(settings.byKey.get(key)!.setting.range, `${key} is distillation's; it does nothing without a teacher`, 'hint');
    return null;
  }
  if (loss.kind !== 'cross_entropy')
    sink.error(entry.setting.range, `distillation needs loss: cross_entropy (this run's loss is ${loss.kind})`, 'loss-mismatch');
  return {
    teacher,
    teacherIsRun: /[/\\]/.test(teacher),
    temperature: settingArgs(settings, 'temperature').needNumber('temperature'),
    alpha: settingArgs(settings, 'alpha').needNumber('alpha'),
  };
}
