// Data blocks -> DataSpec, plus what the checker can know about the data without loading it.
import { ADDITION_VOCAB, additionLength, type DataSource, type DataSpec, type SyntheticKind } from '../graph/data-spec';
import type { DataBlock } from './ast';
import type { DiagnosticSink } from './diagnostics';
import type { Args } from './interpret';
import { DATA_SETTINGS, DEFAULT_DIGITS, DEFAULT_STEPS, GENERATORS } from './schema/data-settings';
import { sequenceShape, seriesWindow, toTextSource } from './resolve-text';
import { interpretSettings, requireSettings, settingArgs, type InterpretedSetting } from './settings';

/** What the data gives the model, as far as the file says (loaders learn the rest). */
export interface DataInfo {
  /** Input features per example, when the source fixes them (synthetic). */
  readonly features: number | null;
  /** 'classes': integer labels; 'real': regression targets; 'unknown': csv. */
  readonly targets: 'classes' | 'real' | 'unknown';
  /** Number of classes, when known. */
  readonly classes: number | null;
  /** Regression target columns, when known. */
  readonly outputs: number | null;
  /** Sequence sources: the per-sample input shape ([T] tokens, [T, F] rows) and whether x holds token ids. */
  readonly sequence?: { readonly input: readonly number[]; readonly tokens: boolean };
  /** Class targets per example, when the source fixes them: 1 (a label) or T (a sequence's [T]
   *  token ids, which a [T, V] output's per-token cross-entropy reads). Absent: not known. */
  readonly targetLen?: number;
}

export interface DataAnalysis {
  readonly name: string;
  readonly block: DataBlock;
  /** null when the block has errors that leave no source. */
  readonly spec: DataSpec | null;
  readonly info: DataInfo;
}

const UNKNOWN: DataInfo = { features: null, targets: 'unknown', classes: null, outputs: null };

export function resolveData(block: DataBlock, sink: DiagnosticSink): DataAnalysis {
  const name = block.name?.name ?? '';
  const settings = interpretSettings(block.settings, DATA_SETTINGS, sink, 'data');
  requireSettings(settings, DATA_SETTINGS, block.name?.range ?? block.keyword, `data ${name}`, sink);
  const sourceSetting = settings.byKey.get('source');
  const source = sourceSetting ? toSource(sourceSetting, sink) : null;
  const testSetting = settings.byKey.get('test');
  const testSource = testSetting ? toSource(testSetting, sink) : null;
  const get = (key: string): Args => settingArgs(settings, key);
  const split = { val: get('split').needNumber('val'), test: get('split').needNumber('test') };
  if (split.val + split.test >= 1)
    sink.error(
      settings.byKey.get('split')?.setting.range ?? block.keyword,
      'split: val + test must leave some training data (their sum must be below 1)',
      'bad-value',
    );
  if (testSource && split.test > 0)
    sink.warning(
      settings.byKey.get('split')?.setting.range ?? block.keyword,
      'both a test source and split test are given; the test source is used',
      'hint',
    );
  const shuffle = get('shuffle');
  const normalize = get('normalize').string('method');
  const spec: DataSpec | null = source
    ? {
        name,
        range: block.range,
        source,
        testSource,
        scale: get('scale').number('factor') ?? null,
        normalize: normalize === 'standardize' || normalize === 'minmax' ? normalize : null,
        split,
        shuffle: shuffle.needString('mode') === 'off' ? 'off' : { seed: shuffle.needNumber('seed') },
        augment: (get('augment').names('kinds') ?? []) as ('flip' | 'crop' | 'shift')[],
      }
    : null;
  return { name, block, spec, info: source ? dataInfo(source) : UNKNOWN };
}

/** null when a required part is missing or bad (its error is reported). */
function toSource(interpreted: InterpretedSetting, sink: DiagnosticSink): DataSource | null {
  const { args, choice } = interpreted;
  const text = (name: string) => args.string(name);
  switch (choice?.name) {
    case 'synthetic': {
      const generator = args.string('generator') as SyntheticKind | undefined;
      if (generator === undefined) return null;
      warnFixed(interpreted, generator, sink);
      const table = GENERATORS[generator];
      const value = (option: 'classes' | 'features' | 'targets') =>
        (table.free.includes(option) ? args.number(option) : undefined) ?? table[option];
      const base = {
        kind: 'synthetic' as const,
        generator,
        size: args.needNumber('size'),
        noise: args.needNumber('noise'),
        classes: value('classes'),
        features: value('features'),
        seed: args.needNumber('seed'),
      };
      const steps = generator === 'adding' ? { steps: args.number('steps') ?? DEFAULT_STEPS } : {};
      if (generator === 'addition') return { ...base, digits: args.number('digits') ?? DEFAULT_DIGITS };
      return isRegression(generator) ? { ...base, targets: value('targets'), ...steps } : base;
    }
    case 'csv': {
      const path = text('path');
      const target = text('target');
      if (path === undefined || target === undefined) return null;
      const sequence = seriesWindow(interpreted, sink);
      return { kind: 'csv', path, target, features: args.names('features') ?? null, ...(sequence ? { sequence } : {}) };
    }
    case 'text':
      return toTextSource(interpreted, sink);
    case 'idx': {
      const images = text('images');
      const labels = text('labels');
      return images === undefined || labels === undefined ? null : { kind: 'idx', images, labels };
    }
    case 'images': {
      const folder = text('folder');
      return folder === undefined ? null : { kind: 'images', folder };
    }
    default:
      return null;
  }
}

const isRegression = (generator: SyntheticKind): boolean => GENERATORS[generator].classes === 0;

/** Options a generator ignores get a warning, so a person does not expect them to work. */
function warnFixed(interpreted: InterpretedSetting, generator: SyntheticKind, sink: DiagnosticSink): void {
  const { args } = interpreted;
  const ignored = (option: string, applies: boolean, why: string) => {
    const range = args.rangeOf(option);
    if (range && !applies) sink.warning(range, `${generator} ${why}; '${option}' is ignored`, 'hint');
  };
  const free = GENERATORS[generator].free;
  ignored('classes', free.includes('classes'), isRegression(generator) ? 'is a regression' : 'always has 2 classes');
  ignored('features', free.includes('features'), 'has a fixed number of features');
  ignored('targets', free.includes('targets'), 'has one target');
  ignored('steps', generator === 'adding', 'is not a sequence');
  ignored('digits', generator === 'addition', 'has no digits');
}

export function dataInfo(source: DataSource): DataInfo {
  switch (source.kind) {
    case 'synthetic':
      if (source.digits !== undefined) {
        // addition: token ids [T] -> the next token at each position, 14 ids
        const T = additionLength(source.digits);
        return {
          features: null,
          targets: 'classes',
          classes: ADDITION_VOCAB,
          outputs: null,
          sequence: { input: [T], tokens: true },
          targetLen: T,
        };
      }
      return isRegression(source.generator)
        ? {
            // a sequence generator (adding) gives [steps, features], checked as the other sequence sources
            features: source.steps !== undefined ? null : source.features,
            targets: 'real',
            classes: null,
            outputs: source.targets ?? GENERATORS[source.generator].targets,
            ...(source.steps !== undefined ? { sequence: { input: [source.steps, source.features], tokens: false } } : {}),
          }
        : { features: source.features, targets: 'classes', classes: source.classes, outputs: null, targetLen: 1 };
    case 'idx':
    case 'images':
      return { features: null, targets: 'classes', classes: null, outputs: null, targetLen: 1 };
    case 'csv': {
      const seq = sequenceShape(source);
      return seq
        ? { features: null, targets: 'real', classes: null, outputs: seq.targets, sequence: { input: seq.input, tokens: false } }
        : UNKNOWN;
    }
    case 'text': {
      // Language-model windows: [T] next-token targets; a text column: one class per example.
      const seq = sequenceShape(source)!;
      return {
        features: null,
        targets: 'classes',
        classes: null,
        outputs: null,
        sequence: { input: seq.input, tokens: true },
        targetLen: seq.targets,
      };
    }
  }
}
