// The layer table: every layer a model block may use, its arguments with types, defaults and
// docs, and its PyTorch equivalent. The checker, completion, hover and the format docs read it.
import { MAX_UNITS, MAX_WINDOW } from '../limits';
import { ACTIVATIONS } from './activations';
import { SEQUENCE_DEFS } from './layers-seq';
import type { ActivationDef } from './activations';
import type { ArgSchema, OptionDef } from './types';

/** The layers that are not activations; a new one is named here first, so the checker's switch must learn it. */
export const STRUCTURE_NAMES = [
  'dense',
  'conv2d',
  'maxpool',
  'avgpool',
  'global_avgpool',
  'flatten',
  'dropout',
  'batchnorm',
  'layernorm',
  'pool',
  'cls_token',
  'rnn',
  'lstm',
  'gru',
  'residual',
  'repeat',
  'embedding',
  'positional',
  'attention',
  'transformer',
] as const;
export type LayerName = (typeof STRUCTURE_NAMES)[number] | ActivationDef['name'];

export interface LayerDef {
  readonly name: LayerName;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly example: string;
  readonly pytorch: string;
  readonly schema: ArgSchema;
  /** Takes a `{ ... }` body of layers (residual, repeat). */
  readonly body?: boolean;
}

const INIT: OptionDef = {
  name: 'init',
  type: { kind: 'init' },
  defaultText: "he_uniform before relu-family activations, else xavier_uniform (or the model's init)",
  doc: 'Weight initialiser.',
};
const BIAS_INIT: OptionDef = { name: 'bias_init', type: { kind: 'init' }, default: 'zeros', doc: 'Bias initialiser.' };
const BIAS: OptionDef = {
  name: 'bias',
  type: { kind: 'flag' },
  default: true,
  doc: 'Whether the layer adds a bias (`bias off` before a batchnorm).',
};
const WINDOW = { kind: 'pair', max: MAX_WINDOW } as const;
const WINDOW_STRIDE: OptionDef = { name: 'stride', type: WINDOW, defaultText: 'the kernel size', doc: 'Step of the window.' };
const POOL_PAD: OptionDef = {
  name: 'pad',
  aliases: ['padding'],
  type: { kind: 'pad', max: MAX_WINDOW },
  default: 'valid',
  doc: 'Padding: valid (none), same, or N zeros on each side.',
};

const UNITS = { kind: 'int', min: 1, max: MAX_UNITS } as const;

const RECURRENT_OPTIONS: readonly OptionDef[] = [
  {
    name: 'layers',
    type: { kind: 'int', min: 1, max: 1000 },
    default: 1,
    doc: 'Stacked layers, each reading the sequence of the one before.',
  },
  {
    name: 'bidirectional',
    type: { kind: 'flag' },
    default: false,
    doc: 'Also run the sequence backwards; the output is [steps, 2·units] (forward, then reverse).',
  },
  {
    name: 'return',
    type: { kind: 'enum', values: ['sequence', 'last'] },
    default: 'sequence',
    doc:
      'sequence: every step, [steps, units]; last: the final state h_n, [units] ' +
      '(bidirectional: the forward direction at the last step, the reverse at the first).',
  },
  {
    name: 'dropout',
    type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
    default: 0,
    doc: 'Dropout on the outputs of each stacked layer but the last (as PyTorch).',
  },
];
const HIDDEN = { name: 'units', type: { kind: 'int', min: 1, max: MAX_UNITS }, required: true, doc: 'Hidden size H.' } as const;

const RECURRENT_LAYERS: readonly LayerDef[] = [
  {
    name: 'rnn',
    doc: 'Elman recurrent layer over a sequence [steps, features]: h = tanh(W_ih x + b_ih + W_hh h′ + b_hh), zero initial state.',
    example: 'rnn 32',
    pytorch: 'nn.RNN(features, units, num_layers, nonlinearity, batch_first=True, dropout, bidirectional)',
    schema: {
      positional: [HIDDEN],
      options: [
        ...RECURRENT_OPTIONS,
        { name: 'nonlinearity', type: { kind: 'enum', values: ['tanh', 'relu'] }, default: 'tanh', doc: "The cell's activation." },
      ],
    },
  },
  {
    name: 'lstm',
    doc: "Long short-term memory over a sequence [steps, features]: input, forget, cell and output gates (PyTorch's order i, f, g, o), zero initial state.",
    example: 'lstm 64 return last',
    pytorch: 'nn.LSTM(features, units, num_layers, batch_first=True, dropout, bidirectional)',
    schema: { positional: [HIDDEN], options: RECURRENT_OPTIONS },
  },
  {
    name: 'gru',
    doc:
      "Gated recurrent unit over a sequence [steps, features]: reset, update and new gates (PyTorch's r, z, n, " +
      'with n = tanh(W_in x + b_in + r·(W_hn h′ + b_hn))), zero initial state.',
    example: 'gru 64 bidirectional',
    pytorch: 'nn.GRU(features, units, num_layers, batch_first=True, dropout, bidirectional)',
    schema: { positional: [HIDDEN], options: RECURRENT_OPTIONS },
  },
];

const STRUCTURE: readonly LayerDef[] = [
  {
    name: 'dense',
    aliases: ['linear'],
    doc: 'Fully connected layer: y = x·W + b. Needs a vector input; put `flatten` after convolutions.',
    example: 'dense 128 relu',
    pytorch: 'nn.Linear(in_features, units)',
    schema: {
      positional: [{ name: 'units', type: UNITS, required: true, doc: 'Number of output units.' }],
      options: [INIT, BIAS_INIT, BIAS],
      activation: true,
    },
  },
  {
    name: 'conv2d',
    aliases: ['conv'],
    doc: '2-D convolution over [channels, height, width].',
    example: 'conv2d 32 kernel 3 pad same relu',
    pytorch: 'nn.Conv2d(in_channels, filters, kernel, stride, padding)',
    schema: {
      positional: [{ name: 'filters', type: UNITS, required: true, doc: 'Number of output channels.' }],
      options: [
        { name: 'kernel', type: WINDOW, required: true, doc: 'Kernel size: N or [height, width].' },
        { name: 'stride', type: WINDOW, default: 1, doc: 'Step of the kernel.' },
        {
          name: 'pad',
          aliases: ['padding'],
          type: { kind: 'pad', max: MAX_WINDOW },
          default: 'valid',
          doc: "Padding: valid (none, PyTorch's default), same (keeps the size at stride 1), or N zeros per side.",
        },
        INIT,
        BIAS_INIT,
        BIAS,
      ],
      activation: true,
    },
  },
  {
    name: 'maxpool',
    aliases: ['maxpool2d', 'max_pool'],
    doc: 'Max pooling over windows of [channels, height, width].',
    example: 'maxpool 2',
    pytorch: 'nn.MaxPool2d(kernel, stride)',
    schema: { positional: [{ name: 'kernel', type: WINDOW, default: 2, doc: 'Window size.' }], options: [WINDOW_STRIDE, POOL_PAD] },
  },
  {
    name: 'avgpool',
    aliases: ['avgpool2d', 'avg_pool'],
    doc: "Average pooling over windows of [channels, height, width] (padding zeros count, as PyTorch's default).",
    example: 'avgpool 2',
    pytorch: 'nn.AvgPool2d(kernel, stride)',
    schema: { positional: [{ name: 'kernel', type: WINDOW, default: 2, doc: 'Window size.' }], options: [WINDOW_STRIDE, POOL_PAD] },
  },
  {
    name: 'global_avgpool',
    aliases: ['global_average_pool', 'global_avg_pool', 'gap'],
    doc: 'Global average pooling: [channels, height, width] -> [channels].',
    example: 'global_avgpool',
    pytorch: 'nn.AdaptiveAvgPool2d(1) + flatten',
    schema: { positional: [], options: [] },
  },
  {
    name: 'flatten',
    doc: 'Flattens the sample to a vector: [C, H, W] -> [C·H·W].',
    example: 'flatten',
    pytorch: 'nn.Flatten()',
    schema: { positional: [], options: [] },
  },
  {
    name: 'dropout',
    doc: 'Inverted dropout: zeroes each value with probability p in training and scales the rest by 1/(1−p).',
    example: 'dropout 0.2',
    pytorch: 'nn.Dropout(p)',
    schema: {
      positional: [{ name: 'p', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0.5, doc: 'Drop probability.' }],
      options: [],
    },
  },
  {
    name: 'batchnorm',
    aliases: ['batch_norm', 'batchnorm1d', 'batchnorm2d'],
    doc: 'Batch normalisation per feature (per channel for images); keeps running mean and variance for evaluation.',
    example: 'batchnorm',
    pytorch: 'nn.BatchNorm1d / nn.BatchNorm2d(channels)',
    schema: {
      positional: [],
      options: [
        { name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: 'Added to the variance.' },
        {
          name: 'momentum',
          type: { kind: 'number', min: 0, max: 1 },
          default: 0.1,
          doc: 'Running-stat update weight (PyTorch convention).',
        },
      ],
    },
  },
  {
    name: 'layernorm',
    aliases: ['layer_norm'],
    doc: 'Layer normalisation over the last axis.',
    example: 'layernorm',
    pytorch: 'nn.LayerNorm(last_dim)',
    schema: {
      positional: [],
      options: [{ name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: 'Added to the variance.' }],
    },
  },
  ...RECURRENT_LAYERS,
  {
    name: 'pool',
    aliases: ['seq_pool'],
    doc:
      'Pools a sequence [T, D] to [D] for a sequence classifier: mean over the positions, the last one, or the first ' +
      '(after cls_token: the learned summary token, as BERT reads [CLS]). On a token input, padded positions ' +
      '(token 0) are left out of mean and last.',
    example: 'pool mean',
    pytorch: 'x.mean(1) / x[:, lengths - 1] / x[:, 0]',
    schema: {
      positional: [
        { name: 'mode', type: { kind: 'enum', values: ['mean', 'last', 'first'] }, default: 'mean', doc: 'mean, last or first.' },
      ],
      options: [],
    },
  },
  {
    name: 'cls_token',
    aliases: ['cls'],
    doc: 'Prepends a learned [D] token at position 0 of a sequence [T, D] -> [T + 1, D]; a later pool first reads it.',
    example: 'cls_token',
    pytorch: 'torch.cat([cls_token.expand(B, 1, D), x], 1)',
    schema: {
      positional: [],
      options: [
        { name: 'init', type: { kind: 'init' }, defaultText: 'normal std 0.02', doc: 'Initialiser of the token (BERT and ViT: std 0.02).' },
      ],
    },
  },
  {
    name: 'residual',
    doc: 'Adds the input of the block to its output: y = x + f(x). The body must keep the shape.',
    example: 'residual {\n  dense 64 relu\n  dense 64\n}',
    pytorch: 'x + body(x)',
    schema: { positional: [], options: [] },
    body: true,
  },
  {
    name: 'repeat',
    doc: 'Repeats its body N times in sequence, each copy with its own weights.',
    example: 'repeat 3 {\n  dense 64 relu\n}',
    pytorch: 'nn.Sequential(*[body() for _ in range(N)])',
    schema: {
      positional: [{ name: 'times', type: { kind: 'int', min: 1, max: 1000 }, required: true, doc: 'How many copies.' }],
      options: [],
    },
    body: true,
  },
  ...SEQUENCE_DEFS,
];

const ACTIVATION_LAYERS: readonly LayerDef[] = ACTIVATIONS.map((a) => ({
  name: a.name,
  doc: a.doc,
  example: a.alpha ? `${a.name} ${a.alpha.default}` : a.name,
  pytorch: `nn.${{ relu: 'ReLU', leaky_relu: 'LeakyReLU', elu: 'ELU', gelu: 'GELU', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax(dim=-1)' }[a.name]}`,
  schema: {
    positional: a.alpha ? [{ name: 'alpha', type: { kind: 'number' }, default: a.alpha.default, doc: a.alpha.doc }] : [],
    options: [],
  },
}));

export const LAYERS: readonly LayerDef[] = [...STRUCTURE, ...ACTIVATION_LAYERS];

export function findLayer(name: string): LayerDef | undefined {
  return LAYERS.find((def) => def.name === name || (def.aliases?.includes(name) ?? false));
}
