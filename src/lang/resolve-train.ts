// Train blocks -> TrainConfig[]: defaults read from the schema tables (PyTorch's, see docs/defaults.md) and a
// sweep expanded into one config per combination.
import type { SourceRange } from '../graph/ir';
import type {
  EarlyStopSpec,
  LossSpec,
  MetricName,
  OptimizerSpec,
  PenaltyScope,
  PruneSpec,
  ScheduleCadence,
  ScheduleSpec,
  TrainConfig,
} from '../graph/train-config';
import type { Setting, TrainBlock } from './ast';
import { DiagnosticSink } from './diagnostics';
import { Args, interpretChoice } from './interpret';
import { toDistill, toPrune } from './resolve-prune';
import { findSetting } from './schema/settings';
import { HIGHER_IS_BETTER, METRIC_NAMES, TRAIN_SETTINGS } from './schema/train-settings';
import { LOSSES, SCHEDULES } from './schema/train-options';
import { findByName, type ChoiceDef } from './schema/types';
import { interpretSettings, requireSettings, settingArgs, settingChoice, type InterpretedSettings } from './settings';
import { didYouMean } from './suggest';
import { applySweepPoint, MAX_SWEEP_RUNS, sweepAxes, sweepPoints, sweepRecord, sweepRunCount } from './sweep';

export interface TrainAnalysis {
  readonly block: TrainBlock;
  readonly model: string;
  readonly data: string;
  /** One per run: a sweep gives several. Empty only when the sweep itself is broken. */
  readonly configs: readonly TrainConfig[];
}

/** The choice a swept option (`optimizer.lr`) goes with when its setting is absent: the schema's default. */
const SWEEP_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  TRAIN_SETTINGS.flatMap((def) => (def.defaultChoice !== undefined ? [[def.key, def.defaultChoice]] : [])),
);

export function resolveTrain(block: TrainBlock, sink: DiagnosticSink): TrainAnalysis {
  const model = block.model?.name ?? '';
  const data = block.data?.name ?? '';
  const anchor = block.model?.range ?? block.keyword;
  const base = interpretSettings(block.settings, TRAIN_SETTINGS, sink, 'train', ['sweep']);
  requireSettings(base, TRAIN_SETTINGS, anchor, `train ${model}`, sink);
  const axes = sweepAxes(base.repeated, TRAIN_SETTINGS, sink);
  const runCount = sweepRunCount(axes); // counted before building: 8 lines of 10 values are 10^8 runs
  if (runCount > MAX_SWEEP_RUNS) {
    sink.error(
      base.repeated[0].range,
      `this sweep makes ${Number.isFinite(runCount) ? runCount.toLocaleString('en-US') : 'more than 10^308'} runs; at most ${MAX_SWEEP_RUNS} are allowed`,
      'bad-value',
    );
    return { block, model, data, configs: [] };
  }
  const points = sweepPoints(axes);
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
  const get = (key: string): Args => settingArgs(settings, key);
  const epochs = get('epochs').needNumber('epochs');
  const optimizerSetting = settings.byKey.get('optimizer');
  const chosenOptimizer = settingChoice(settings, 'optimizer') as Chosen; // optimizer has a default choice
  const optimizer = toOptimizer(chosenOptimizer.choice.name, chosenOptimizer.args, optimizerSetting?.setting, sink);
  const metrics = (get('metrics').names('metrics') ?? []) as MetricName[];
  const topDecay = get('weight_decay').number('weight_decay');
  if (topDecay !== undefined && chosenOptimizer.args.has('weight_decay')) {
    sink.warning(
      settings.byKey.get('weight_decay')?.setting.range ?? anchor,
      'weight_decay is given twice (here and in the optimizer); this one counts',
      'duplicate',
    );
  }
  const weightDecay = topDecay ?? chosenOptimizer.args.needNumber('weight_decay');
  const chosenSchedule = settingChoice(settings, 'schedule') as Chosen; // schedule has a default choice
  const loss = toLoss(settingChoice(settings, 'loss'));
  const distill = toDistill(settings, loss, sink);
  return {
    model,
    data,
    loss,
    optimizer,
    schedule: withWarmup(settings, toSchedule(chosenSchedule, sink) ?? (defaultChoiceOf('schedule', SCHEDULES) as ScheduleSpec), sink),
    epochs,
    batch: get('batch').needNumber('batch'),
    l1: get('l1').needNumber('l1'),
    weightDecay,
    weightDecayOn: scopeOf(get('weight_decay')),
    l1On: scopeOf(get('l1')),
    clipNorm: get('clip').number('max_norm') ?? null,
    ...withPrune(toPrune(settings, epochs, sink)),
    ...(distill ? { distill } : {}),
    earlyStop: toEarlyStop(settings, metrics, sink),
    stopWhen: toStopWhen(settings, metrics, sink),
    metrics,
    ...(settings.byKey.has('samples')
      ? { samples: { length: get('samples').needNumber('length'), temperature: get('samples').needNumber('temperature') } }
      : {}),
    seed: get('seed').needNumber('seed'),
    device: get('device').needString('device') as TrainConfig['device'],
  };
}

/** Only a pruned run's config names pruning, only a distilled run's distillation (the others stay as they were recorded). */
const withPrune = (prune: PruneSpec | null): { prune?: PruneSpec } => (prune ? { prune } : {});

/** `exclude bias_norm` leaves biases and norm parameters out; by default a penalty reaches all. */
function scopeOf(args: Args): PenaltyScope {
  return args.needString('exclude') === 'bias_norm' ? 'weights' : 'all';
}

type Chosen = { readonly choice: ChoiceDef; readonly args: Args };

/** The spec of a setting's default choice (a schedule without arguments). */
function defaultChoiceOf(key: string, choices: readonly ChoiceDef[]): { kind: string } {
  const name = findSetting(TRAIN_SETTINGS, key)?.defaultChoice;
  const choice = name === undefined ? undefined : findByName(choices, name);
  if (!choice) throw new Error(`schema: setting '${key}' has no default choice`);
  return { kind: choice.name };
}

/** Without a (good) loss an error is reported and the config never runs: the table's first loss stands in. */
function toLoss(chosen: Chosen | null): LossSpec {
  if (!chosen) return { kind: LOSSES[0].name as 'mse' };
  const { choice, args } = chosen;
  switch (choice.name) {
    case 'huber':
      return { kind: 'huber', delta: args.needNumber('delta') };
    case 'cross_entropy':
      return { kind: 'cross_entropy', labelSmoothing: args.needNumber('label_smoothing') };
    case 'bce_with_logits':
      return { kind: 'binary_cross_entropy', logits: true, posWeight: args.needNumber('pos_weight') };
    case 'mae':
    case 'binary_cross_entropy':
    case 'mse':
      return { kind: choice.name };
    default:
      throw new Error(`resolve-train: loss '${choice.name}' has no case`);
  }
}

function toOptimizer(name: string, args: Args, setting: Setting | undefined, sink: DiagnosticSink): OptimizerSpec {
  const n = (key: string) => args.needNumber(key);
  switch (name) {
    case 'sgd': {
      const spec = {
        kind: 'sgd' as const,
        lr: n('lr'),
        momentum: n('momentum'),
        nesterov: args.needFlag('nesterov'),
        dampening: n('dampening'),
      };
      if (spec.nesterov && (spec.momentum <= 0 || spec.dampening !== 0) && setting)
        sink.error(setting.range, 'sgd: nesterov needs momentum > 0 and dampening 0 (as in PyTorch)', 'bad-value');
      return spec;
    }
    case 'rmsprop':
      return {
        kind: 'rmsprop',
        lr: n('lr'),
        alpha: n('alpha'),
        eps: n('eps'),
        momentum: n('momentum'),
        centered: args.needFlag('centered'),
      };
    case 'adagrad':
      return {
        kind: 'adagrad',
        lr: n('lr'),
        eps: n('eps'),
        lrDecay: n('lr_decay'),
        initialAccumulatorValue: n('initial_accumulator_value'),
      };
    case 'adamw':
    case 'adam':
      return { kind: name, lr: n('lr'), beta1: n('beta1'), beta2: n('beta2'), eps: n('eps'), amsgrad: args.needFlag('amsgrad') };
    default:
      throw new Error(`resolve-train: optimizer '${name}' has no case`);
  }
}

/**
 * The schedule of already interpreted args; the `then` part of a warmup is interpreted here.
 * null when a required value is missing (its error is reported): the caller uses the default.
 */
function toSchedule(chosen: Chosen, sink: DiagnosticSink): ScheduleSpec | null {
  const { choice, args } = chosen;
  const per = () => args.needString('per') as ScheduleCadence;
  const given = (key: string, field: string) => {
    const v = args.number(key);
    return v === undefined ? {} : { [field]: v };
  };
  switch (choice.name) {
    case 'step': {
      const stepSize = args.number('step_size');
      return stepSize === undefined ? null : { kind: 'step', stepSize, gamma: args.needNumber('gamma'), per: per() };
    }
    case 'exponential': {
      const gamma = args.number('gamma');
      return gamma === undefined ? null : { kind: 'exponential', gamma, per: per() };
    }
    case 'cosine': // t_max absent: the run's length, known when it runs
      return { kind: 'cosine', ...given('t_max', 'tMax'), minLr: args.needNumber('min_lr'), per: per() };
    case 'onecycle':
      return {
        kind: 'onecycle',
        ...given('max_lr', 'maxLr'),
        ...given('total_steps', 'totalSteps'),
        pctStart: args.needNumber('pct_start'),
        anneal: args.needString('anneal') === 'linear' ? 'linear' : 'cos',
        divFactor: args.needNumber('div_factor'),
        finalDivFactor: args.needNumber('final_div_factor'),
        threePhase: args.needFlag('three_phase'),
      };
    case 'warmup': {
      const steps = args.number('steps');
      const rest = args.rest('then');
      const thenRange = args.rangeOf('then');
      const written = rest !== undefined && rest.length > 0;
      const given =
        written && thenRange ? interpretChoice(rest, SCHEDULES, 'schedule', { sink, owner: 'schedule', anchor: thenRange }) : null;
      const named = written ? undefined : findByName(SCHEDULES, args.needString('then'));
      const next = given ?? (named ? { choice: named, args: Args.defaultsOf(named.schema) } : null);
      const then = (next && toSchedule(next, sink)) ?? (defaultChoiceOf('schedule', SCHEDULES) as ScheduleSpec);
      if (then.kind === 'warmup' && thenRange) sink.error(thenRange, 'schedule: a warmup cannot follow a warmup', 'bad-value');
      return steps === undefined ? null : { kind: 'warmup', steps, then };
    }
    case 'constant':
      return { kind: 'constant' };
    default:
      throw new Error(`resolve-train: schedule '${choice.name}' has no case`);
  }
}

/** The `warmup:` setting wraps the schedule (a warmup schedule already there is one too many). */
function withWarmup(settings: InterpretedSettings, schedule: ScheduleSpec, sink: DiagnosticSink): ScheduleSpec {
  const entry = settings.byKey.get('warmup');
  const steps = entry?.args.number('length');
  if (!entry || steps === undefined) return schedule;
  if (schedule.kind === 'warmup') {
    sink.error(entry.setting.range, 'warmup is given twice (here and in the schedule); keep one', 'duplicate');
    return schedule;
  }
  const unit = entry.args.needString('unit').startsWith('epoch') ? 'epoch' : 'step';
  return { kind: 'warmup', steps, unit, startFactor: entry.args.needNumber('start_factor'), then: schedule };
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
  const monitor = entry.args.needString('monitor');
  checkMonitor(monitor, entry.args.rangeOf('monitor') ?? entry.setting.key.range, metrics, 'early_stop', sink);
  const mode = entry.args.string('mode') ?? (HIGHER_IS_BETTER.includes(monitor.replace(/^val_/, '')) ? 'max' : 'min');
  return {
    monitor,
    patience: entry.args.needNumber('patience'),
    minDelta: entry.args.needNumber('min_delta'),
    mode: mode === 'max' ? 'max' : 'min',
    restoreBest: entry.args.needFlag('restore_best'),
  };
}

function toStopWhen(settings: InterpretedSettings, metrics: readonly string[], sink: DiagnosticSink): TrainConfig['stopWhen'] {
  const entry = settings.byKey.get('stop_when');
  const metric = entry?.args.string('metric');
  const below = entry?.args.number('below');
  if (!entry || metric === undefined || below === undefined) return null;
  checkMonitor(metric, entry.args.rangeOf('metric') ?? entry.setting.key.range, metrics, 'stop_when', sink);
  return { metric, below };
}
