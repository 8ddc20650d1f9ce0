// The data block's settings and its sources. Loading lives in src/engine/data; this is syntax,
// defaults and docs only. Paths are relative to the experiment file and need not exist to check.
import type { SyntheticKind } from '../../graph/data-spec';
import type { SettingDef } from './settings';
import { SERIES_OPTIONS, TEXT_SOURCE } from './text-source';
import type { ChoiceDef } from './types';

export const SYNTHETIC_GENERATORS = ['xor', 'circles', 'moons', 'spiral', 'blobs', 'linear', 'sine', 'adding', 'addition'] as const;

type GeneratorOption = 'classes' | 'features' | 'targets';
/**
 * What each generator gives: classes (0: a regression), features and targets, fixed unless the
 * option is `free` for it, and then this is the option's default (the options' defaults vary by generator).
 */
export const GENERATORS: Readonly<
  Record<SyntheticKind, Readonly<Record<GeneratorOption, number>> & { readonly free: readonly GeneratorOption[] }>
> = {
  xor: { classes: 2, features: 2, targets: 1, free: [] },
  circles: { classes: 2, features: 2, targets: 1, free: [] },
  moons: { classes: 2, features: 2, targets: 1, free: [] },
  spiral: { classes: 3, features: 2, targets: 1, free: ['classes'] },
  blobs: { classes: 3, features: 2, targets: 1, free: ['classes', 'features'] },
  linear: { classes: 0, features: 1, targets: 1, free: ['features', 'targets'] },
  sine: { classes: 0, features: 1, targets: 1, free: [] },
  // A sequence [steps, 2] (value, marker) -> the sum of the two marked values.
  adding: { classes: 0, features: 2, targets: 1, free: [] },
  // Token ids [3 * digits + 2] of "a+b=s" (the sum reversed) -> the next token at each position;
  // 14 ids (pad, unk, 10 digits, '+', '='), only the sum's digits counted.
  addition: { classes: 14, features: 1, targets: 1, free: [] },
};
/** Time steps of a sequence generator (adding) unless `steps` says otherwise. */
export const DEFAULT_STEPS = 50;
/** Digits per operand of the addition generator unless `digits` says otherwise. */
export const DEFAULT_DIGITS = 3;

export const SOURCES: readonly ChoiceDef[] = [
  {
    name: 'synthetic',
    doc:
      'A generated toy data set. xor, circles and moons have 2 features and 2 classes; spiral and blobs have `classes`; linear and sine are regressions; ' +
      'adding is the adding problem, a sequence [steps, 2] whose target is the sum of its two marked values; ' +
      'addition is multi-digit addition as tokens for a causal Transformer, "a+b=" then the sum reversed, ' +
      "input tokens [3 * digits + 2] with 14 ids, only the sum's digits counted.",
    example: 'synthetic(moons, size 1000, noise 0.1)',
    schema: {
      positional: [{ name: 'generator', type: { kind: 'enum', values: SYNTHETIC_GENERATORS }, required: true, doc: 'Which toy problem.' }],
      options: [
        { name: 'size', aliases: ['samples', 'n'], type: { kind: 'int', min: 1 }, default: 1000, doc: 'Number of examples.' },
        {
          name: 'noise',
          type: { kind: 'number', min: 0 },
          default: 0.1,
          doc: 'Standard deviation of Gaussian noise added to the inputs (to the target for linear and sine).',
        },
        {
          name: 'classes',
          type: { kind: 'int', min: 2 },
          defaultText: '3 (spiral, blobs); fixed at 2 for xor, circles, moons',
          doc: 'Number of classes (spiral, blobs).',
        },
        {
          name: 'features',
          type: { kind: 'int', min: 1 },
          defaultText: '2 (blobs), 1 (linear); fixed for the others',
          doc: 'Input features (blobs, linear).',
        },
        {
          name: 'targets',
          aliases: ['outputs'],
          type: { kind: 'int', min: 1 },
          defaultText: '1',
          doc: 'Target columns of a regression (linear).',
        },
        { name: 'seed', type: { kind: 'int', min: 0 }, default: 0, doc: 'Generator seed.' },
        {
          name: 'steps',
          type: { kind: 'int', min: 2, max: 65_536 },
          defaultText: '50 (adding); the other generators are not sequences',
          doc: 'Time steps of a sequence generator (adding): the input is [steps, 2].',
        },
        {
          name: 'digits',
          type: { kind: 'int', min: 1, max: 6 },
          defaultText: '3 (addition); the other generators have no digits',
          doc: 'Digits per operand of the addition generator: the input is tokens [3 * digits + 2].',
        },
      ],
    },
  },
  {
    name: 'csv',
    doc: 'A CSV file with a header row; one column is the target, the rest (or `features`) are inputs.',
    example: 'csv("data/iris.csv", target: species)',
    schema: {
      positional: [{ name: 'path', type: { kind: 'string' }, required: true, doc: 'Path of the CSV file.' }],
      options: [
        { name: 'target', aliases: ['label'], type: { kind: 'name' }, required: true, doc: 'Name of the target column.' },
        {
          name: 'features',
          type: { kind: 'names' },
          defaultText: 'every other column (with `window`: the target alone)',
          doc: 'Input columns.',
        },
        ...SERIES_OPTIONS,
      ],
    },
  },
  TEXT_SOURCE,
  {
    name: 'idx',
    doc: 'MNIST-style IDX files (optionally .gz): an images file and a labels file.',
    example: 'idx("data/train-images.idx3.gz", "data/train-labels.idx1.gz")',
    schema: {
      positional: [
        { name: 'images', type: { kind: 'string' }, required: true, doc: 'Path of the images file.' },
        { name: 'labels', type: { kind: 'string' }, required: true, doc: 'Path of the labels file.' },
      ],
      options: [],
    },
  },
  {
    name: 'images',
    aliases: ['folder'],
    doc: 'A folder of images with one subfolder per class (the subfolder name is the label).',
    example: 'images("data/shapes")',
    schema: { positional: [{ name: 'folder', type: { kind: 'string' }, required: true, doc: 'Path of the folder.' }], options: [] },
  },
];

export const DATA_SETTINGS: readonly SettingDef[] = [
  {
    key: 'source',
    doc: 'Where the examples come from.',
    example: 'source: synthetic(spiral, classes 3)',
    value: { kind: 'choice', what: 'source', choices: SOURCES },
    required: true,
  },
  {
    key: 'test',
    doc: 'A separate held-out test set (instead of `split: test`).',
    example: 'test: idx("t10k-images.idx3.gz", "t10k-labels.idx1.gz")',
    value: { kind: 'choice', what: 'test source', choices: SOURCES },
    defaultText: 'none',
  },
  {
    key: 'scale',
    doc: 'Multiplies every input value, e.g. 1/255 for 8-bit pixels.',
    example: 'scale: 1/255',
    value: {
      kind: 'args',
      schema: { positional: [{ name: 'factor', type: { kind: 'number' }, required: true, doc: 'The factor.' }], options: [] },
    },
    defaultText: 'none',
  },
  {
    key: 'normalize',
    aliases: ['normalise'],
    doc: 'Per-feature normalisation, fitted on the training split: standardize (zero mean, unit variance) or minmax (to [0, 1]).',
    example: 'normalize: standardize',
    value: {
      kind: 'args',
      schema: {
        positional: [{ name: 'method', type: { kind: 'enum', values: ['standardize', 'minmax'] }, required: true, doc: 'The method.' }],
        options: [],
      },
    },
    defaultText: 'none',
  },
  {
    key: 'split',
    doc: 'Fractions held out of the source for validation and test.',
    example: 'split: val 0.1 test 0.1',
    value: {
      kind: 'args',
      schema: {
        positional: [],
        options: [
          {
            name: 'val',
            aliases: ['validation'],
            type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
            default: 0,
            doc: 'Validation fraction.',
          },
          { name: 'test', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0, doc: 'Test fraction.' },
        ],
      },
    },
  },
  {
    key: 'shuffle',
    doc: 'Shuffling of the examples before the split and every epoch: `seed N`, or `off`.',
    example: 'shuffle: seed 7',
    value: {
      kind: 'args',
      schema: {
        positional: [{ name: 'mode', type: { kind: 'enum', values: ['on', 'off'] }, default: 'on', doc: 'on or off.' }],
        options: [{ name: 'seed', type: { kind: 'int', min: 0 }, default: 0, doc: 'Shuffle seed.' }],
      },
    },
    defaultText: 'seed 0',
  },
  {
    key: 'augment',
    doc: 'Training-time image augmentation: flip (horizontal), crop (pad 4 and crop back), shift (up to 10% each way).',
    example: 'augment: flip, crop',
    value: {
      kind: 'args',
      schema: {
        positional: [{ name: 'kinds', type: { kind: 'names', values: ['flip', 'crop', 'shift'] }, doc: 'Augmentations.' }],
        options: [],
      },
    },
    defaultText: 'none',
  },
];
