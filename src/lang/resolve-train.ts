// Train blocks -> TrainConfig[]: defaults filled in (PyTorch's, see docs/defaults.md) and a
// sweep expanded into one config per combination.
import type { SourceRange } from '../graph/ir';
import type { EarlyStopSpec, LossSpec, MetricName, OptimizerSpec, ScheduleSpec, TrainConfig } from '../graph/train-config';
import type { Setting, TrainBlock } from './ast';
import { DiagnosticSink } from './diagnostics';
import { interpretChoice, type Args } from './interpret';
import { METRIC_NAMES, TRAIN_SETTINGS } from './schema/train-settings';
import { SCHEDULES } from './schema/train-options';
import { interpretSettings, requireSettings, type InterpretedSettings } from './settings';
import { didYouMean } from './suggest';
import { applySweepPoint, MAX_SWEEP_RUNS, sweepAxes, sweepPoints, sweepRecord } from './sweep';

export interface TrainAnalysis {
  readonly block: TrainBlock;
  readonly model: string;
  readonly data: string;
  /** One per run: a sweep gives several. Empty only when the sweep itself is broken. */
  readonly configs: readonly TrainConfig[];
}

const SWEEP_DEFAULTS = { optimizer: 'adam', schedule: 'constant', loss: 'mse' };
const MAX_IS_BETTER = new Set(['accuracy', 'precision', 'recall', 'f1', 'r2']);

export function resolveTrain(block: TrainBlock, sink: DiagnosticSink): TrainAnalysis {
  const model = block.model?.name ?? '';
  const data = block.data?.name ?? '';
  const anchor = block.model?.range ?? block.keyword;
  const base = interpretSettings(block.settings, TRAIN_SETTINGS, sink, 'train', ['sweep']);
  requireSettings(base, TRAIN_SETTINGS, anchor, `train ${model}`, sink);
  const axes = sweepAxes(base.repeated, TRAIN_SETTINGS, sink);
  const points = sweepPoints(axes);
  if (points.length > MAX_SWEEP_RUNS) {
    sink.error(base.repeated[0].range, `this sweep makes ${points.length} runs; at most ${MAX_SWEEP_RUNS} are allowed`, 'bad-value');
    return { block, model, data, configs: [] };
  }
  if (axes.length === 0) return { block, model, data, configs: [toConfig(base, model, data, sink, anchor)] };
  // Each variant is checked on its own; identical diagnostics (from the unswept lines) are kept once.
  const seen = new Set(sink.items.map(diagnosticKey));
  const plain = block.settings.filter((s) => s.key.name !== 'sweep');
  const configs = points.map((point) => {
    const variantSink = new DiagnosticSink();
    const settings = applySweepPoint(plain, point, TRAIN_SETTINGS, SWEEP_DEFAULTS);
    const interpreted = interpretSettings(settings, TRAIN_SETTINGS, variantSink, 'train');
    const config = { ...toConfig(interpreted, model, data, variantSink, anchor), sweep: sweepRecord(point) };
    for (const d of variantSink.items) {
      if (!seen.has(diagnosticKey(d))) sink.items.push(d);
      seen.add(diagnosticKey(d));
    }
    return config;
  });
  return { block, model, data, configs };
}

function diagnosticKey(d: { range: SourceRange; message: string }): string {
  return `${d.range.startLine}:${d.range.startCol}:${d.range.endLine}:${d.range.endCol}:${d.message}`;
}

function toConfig(settings: InterpretedSettings, model: string, data: string, sink: DiagnosticSink, anchor: SourceRange): TrainConfig {
  const get = (key: string): Args | undefined => settings.byKey.get(key)?.args;
  const epochs = get('epochs')?.number('epochs') ?? 10;
  const optimizerSetting = settings.byKey.get('optimizer');
  const optimizer = toOptimizer(optimizerSetting?.choice?.name ?? 'adam', optimizerSetting?.args, optimizerSetting?.setting, sink);
  const metrics = (get('metrics')?.names('metrics') ?? []) as MetricName[];
  const topDecay = get('weight_decay')?.number('weight_decay');
  const optimizerArgs = optimizerSetting?.choice ? optimizerSetting.args : undefined;
  if (topDecay !== undefined && optimizerArgs?.has('weight_decay')) {
    sink.warning(settings.byKey.get('weight_decay')?.setting.range ?? anchor, "weight_decay is given twice (here and in the optimizer); this one counts", 'duplicate');
  }
  const weightDecay = topDecay ?? optimizerArgs?.number('weight_decay') ?? (optimizer.kind === 'adamw' ? 0.01 : 0);
  const scheduleSetting = settings.byKey.get('schedule');
  const schedule = scheduleSetting?.choice ? toSchedule(scheduleSetting.choice.name, scheduleSetting.args, sink, epochs) : { kind: 'constant' as const };
  return {
    model,
    data,
    loss: toLoss(settings.byKey.get('loss')?.choice?.name, get('loss')),
    optimizer,
    schedule,
    epochs,
    batch: get('batch')?.number('batch') ?? 32,
    l1: get('l1')?.number('l1') ?? 0,
    weightDecay,
    clipNorm: get('clip')?.number('max_norm') ?? null,
    earlyStop: toEarlyStop(settings, metrics, sink),
    stopWhen: toStopWhen(settings, metrics, sink),
    metrics,
    seed: get('seed')?.number('seed') ?? 0,
    device: (get('device')?.string('device') ?? 'auto') as TrainConfig['device'],
  };
}

function toLoss(name: string | undefined, args: Args | undefined): LossSpec {
  switch (name) {
    case 'huber':
      return { kind: 'huber', delta: args?.number('delta') ?? 1 };
    case 'cross_entropy':
      return { kind: 'cross_entropy', labelSmoothing: args?.number('label_smoothing') ?? 0 };
    case 'mae':
    case 'binary_cross_entropy':
      return { kind: name };
    default:
      return { kind: 'mse' };
  }
}

function toOptimizer(name: string, args: Args | undefined, setting: Setting | undefined, sink: DiagnosticSink): OptimizerSpec {
  const n = (key: string, fallback: number) => args?.number(key) ?? fallback;
  switch (name) {
    case 'sgd': {
      const spec = { kind: 'sgd' as const, lr: n('lr', 1e-3), momentum: n('momentum', 0), nesterov: args?.flag('nesterov') ?? false, dampening: n('dampening', 0) };
      if (spec.nesterov && (spec.momentum <= 0 || spec.dampening !== 0) && setting) sink.error(setting.range, 'sgd: nesterov needs momentum > 0 and dampening 0 (as in PyTorch)', 'bad-value');
      return spec;
    }
    case 'rmsprop':
      return { kind: 'rmsprop', lr: n('lr', 1e-2), alpha: n('alpha', 0.99), eps: n('eps', 1e-8), momentum: n('momentum', 0) };
    case 'adagrad':
      return { kind: 'adagrad', lr: n('lr', 1e-2), eps: n('eps', 1e-10) };
    case 'adamw':
      return { kind: 'adamw', lr: n('lr', 1e-3), beta1: n('beta1', 0.9), beta2: n('beta2', 0.999), eps: n('eps', 1e-8) };
    default:
      return { kind: 'adam', lr: n('lr', 1e-3), beta1: n('beta1', 0.9), beta2: n('beta2', 0.999), eps: n('eps', 1e-8) };
  }
}

/** The schedule of already interpreted args; the `then` part of a warmup is interpreted here. */
function toSchedule(name: string, args: Args, sink: DiagnosticSink, epochs: number): ScheduleSpec {
  switch (name) {
    case 'step':
      return { kind: 'step', stepSize: args.number('step_size') ?? 1, gamma: args.number('gamma') ?? 0.1 };
    case 'exponential':
      return { kind: 'exponential', gamma: args.number('gamma') ?? 1 };
    case 'cosine':
      return { kind: 'cosine', tMax: args.number('t_max') ?? epochs, minLr: args.number('min_lr') ?? 0 };
    case 'warmup': {
      const rest = args.rest('then');
      const thenRange = args.rangeOf('then');
      const chosen = rest && rest.length && thenRange ? interpretChoice(rest, SCHEDULES, 'schedule', { sink, owner: 'schedule', anchor: thenRange }) : null;
      const then = chosen ? toSchedule(chosen.choice.name, chosen.args, sink, epochs) : { kind: 'constant' as const };
      if (then.kind === 'warmup' && thenRange) sink.error(thenRange, 'schedule: a warmup cannot follow a warmup', 'bad-value');
      return { kind: 'warmup', steps: args.number('steps') ?? 1, then };
    }
    default:
      return { kind: 'constant' };
  }
}

/** Metric names a run reports: loss and each metric, plain and with val_. */
function knownMonitors(metrics: readonly string[]): string[] {
  const base = ['loss', ...metrics];
  return [...base, ...base.map((m) => `val_${m}`)];
}

function checkMonitor(name: string, range: SourceRange, metrics: readonly string[], setting: string, sink: DiagnosticSink): void {
  const known = knownMonitors(metrics);
  if (known.includes(name)) return;
  const bare = name.replace(/^val_/, '');
  const hint = (METRIC_NAMES as readonly string[]).includes(bare) ? `; add '${bare}' to metrics` : didYouMean(name, known);
  sink.error(range, `${setting} watches '${name}', which this run does not compute${hint}`, 'unknown-name');
}

function toEarlyStop(settings: InterpretedSettings, metrics: readonly string[], sink: DiagnosticSink): EarlyStopSpec | null {
  const entry = settings.byKey.get('early_stop');
  if (!entry) return null;
  const monitor = entry.args.string('monitor') ?? 'val_loss';
  checkMonitor(monitor, entry.args.rangeOf('monitor') ?? entry.setting.key.range, metrics, 'early_stop', sink);
  const mode = entry.args.string('mode') ?? (MAX_IS_BETTER.has(monitor.replace(/^val_/, '')) ? 'max' : 'min');
  return { monitor, patience: entry.args.number('patience') ?? 5, minDelta: entry.args.number('min_delta') ?? 0, mode: mode === 'max' ? 'max' : 'min' };
}

function toStopWhen(settings: InterpretedSettings, metrics: readonly string[], sink: DiagnosticSink): TrainConfig['stopWhen'] {
  const entry = settings.byKey.get('stop_when');
  const metric = entry?.args.string('metric');
  const below = entry?.args.number('below');
  if (!entry || metric === undefined || below === undefined) return null;
  checkMonitor(metric, entry.args.rangeOf('metric') ?? entry.setting.key.range, metrics, 'stop_when', sink);
  return { metric, below };
}

