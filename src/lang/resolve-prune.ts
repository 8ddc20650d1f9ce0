// The `prune:` setting -> PruneSpec: the schedule's epochs checked against the run's length.
import type { PruneSpec } from '../graph/train-config';
import type { DiagnosticSink } from './diagnostics';
import { type InterpretedSettings, settingChoice } from './settings';

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
