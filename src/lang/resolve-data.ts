// Data blocks -> DataSpec, plus what the checker can know about the data without loading it.
import type { DataSource, DataSpec, SyntheticKind } from '../graph/data-spec';
import type { DataBlock } from './ast';
import type { DiagnosticSink } from './diagnostics';
import type { Args } from './interpret';
import { DATA_SETTINGS } from './schema/data-settings';
import { interpretSettings, requireSettings, type InterpretedSetting } from './settings';

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
}

export interface DataAnalysis {
  readonly name: string;
  readonly block: DataBlock;
  /** null when the block has errors that leave no source. */
  readonly spec: DataSpec | null;
  readonly info: DataInfo;
}

const TWO_CLASS: readonly string[] = ['xor', 'circles', 'moons'];
const REGRESSION: readonly string[] = ['linear', 'sine'];
const UNKNOWN: DataInfo = { features: null, targets: 'unknown', classes: null, outputs: null };

export function resolveData(block: DataBlock, sink: DiagnosticSink): DataAnalysis {
  const name = block.name?.name ?? '';
  const settings = interpretSettings(block.settings, DATA_SETTINGS, sink, 'data');
  requireSettings(settings, DATA_SETTINGS, block.name?.range ?? block.keyword, `data ${name}`, sink);
  const sourceSetting = settings.byKey.get('source');
  const source = sourceSetting ? toSource(sourceSetting, sink) : null;
  const testSetting = settings.byKey.get('test');
  const testSource = testSetting ? toSource(testSetting, sink) : null;
  const get = (key: string): Args | undefined => settings.byKey.get(key)?.args;
  const split = { val: get('split')?.number('val') ?? 0, test: get('split')?.number('test') ?? 0 };
  if (split.val + split.test >= 1) sink.error(settings.byKey.get('split')?.setting.range ?? block.keyword, 'split: val + test must leave some training data (their sum must be below 1)', 'bad-value');
  if (testSource && split.test > 0) sink.warning(settings.byKey.get('split')?.setting.range ?? block.keyword, 'both a test source and split test are given; the test source is used', 'hint');
  const shuffle = get('shuffle');
  const normalize = get('normalize')?.string('method');
  const spec: DataSpec | null = source
    ? {
        name,
        range: block.range,
        source,
        testSource,
        scale: get('scale')?.number('factor') ?? null,
        normalize: normalize === 'standardize' || normalize === 'minmax' ? normalize : null,
        split,
        shuffle: shuffle?.string('mode') === 'off' ? 'off' : { seed: shuffle?.number('seed') ?? 0 },
        augment: (get('augment')?.names('kinds') ?? []) as ('flip' | 'crop' | 'shift')[],
      }
    : null;
  return { name, block, spec, info: source ? dataInfo(source) : UNKNOWN };
}

function toSource(interpreted: InterpretedSetting, sink: DiagnosticSink): DataSource | null {
  const { args, choice } = interpreted;
  switch (choice?.name) {
    case 'synthetic': {
      const generator = (args.string('generator') ?? 'xor') as SyntheticKind;
      warnFixed(interpreted, generator, sink);
      const classes = TWO_CLASS.includes(generator) ? 2 : REGRESSION.includes(generator) ? 0 : (args.number('classes') ?? 3);
      const features = generator === 'blobs' ? (args.number('features') ?? 2) : generator === 'linear' ? (args.number('features') ?? 1) : generator === 'sine' ? 1 : 2;
      const base = { kind: 'synthetic' as const, generator, size: args.number('size') ?? 1000, noise: args.number('noise') ?? 0.1, classes, features, seed: args.number('seed') ?? 0 };
      return REGRESSION.includes(generator) ? { ...base, targets: generator === 'linear' ? (args.number('targets') ?? 1) : 1 } : base;
    }
    case 'csv':
      return { kind: 'csv', path: args.string('path') ?? '', target: args.string('target') ?? '', features: args.names('features') ?? null };
    case 'idx':
      return { kind: 'idx', images: args.string('images') ?? '', labels: args.string('labels') ?? '' };
    case 'images':
      return { kind: 'images', folder: args.string('folder') ?? '' };
    default:
      return null;
  }
}

/** Options a generator ignores get a warning, so a person does not expect them to work. */
function warnFixed(interpreted: InterpretedSetting, generator: string, sink: DiagnosticSink): void {
  const { args } = interpreted;
  const ignored = (option: string, applies: boolean, why: string) => {
    const range = args.rangeOf(option);
    if (range && !applies) sink.warning(range, `${generator} ${why}; '${option}' is ignored`, 'hint');
  };
  ignored('classes', generator === 'spiral' || generator === 'blobs', TWO_CLASS.includes(generator) ? 'always has 2 classes' : 'is a regression');
  ignored('features', generator === 'blobs' || generator === 'linear', 'has a fixed number of features');
  ignored('targets', generator === 'linear', 'has one target');
}

export function dataInfo(source: DataSource): DataInfo {
  switch (source.kind) {
    case 'synthetic':
      return REGRESSION.includes(source.generator)
        ? { features: source.features, targets: 'real', classes: null, outputs: source.targets ?? 1 }
        : { features: source.features, targets: 'classes', classes: source.classes, outputs: null };
    case 'idx':
    case 'images':
      return { features: null, targets: 'classes', classes: null, outputs: null };
    case 'csv':
      return UNKNOWN;
  }
}
