// The sequence layers of the layer table (issue #15): token embedding, positional encodings,
// multi-head self-attention and the Transformer encoder block. layers.ts spreads them.
import { MAX_INPUT_DIM, MAX_UNITS } from '../limits';
import type { LayerDef } from './layers';
import type { OptionDef } from './types';

const WIDTH = { kind: 'int', min: 1, max: MAX_UNITS } as const;
const HEADS: OptionDef = {
  name: 'heads',
  type: { kind: 'int', min: 1, max: 4096 },
  required: true,
  doc: 'Attention heads; they must divide the width D.',
};
const CAUSAL: OptionDef = {
  name: 'causal',
  type: { kind: 'flag' },
  default: false,
  doc: 'Each position attends only to itself and earlier ones (a language model).',
};
const P = { kind: 'number', min: 0, max: 1, maxExclusive: true } as const;

export const SEQUENCE_DEFS = [
  {
    name: 'embedding',
    doc: 'Looks up a learned vector for each token id: [T] token ids -> [T, DIM]. Reads the `tokens [T]` input; ids must be below VOCAB.',
    example: 'embedding 64 128',
    pytorch: 'nn.Embedding(vocab, dim, padding_idx=pad)',
    schema: {
      positional: [
        {
          name: 'vocab',
          type: { kind: 'int', min: 1, max: MAX_INPUT_DIM },
          required: true,
          doc: 'Vocabulary size: token ids are 0 .. VOCAB-1.',
        },
        { name: 'dim', type: WIDTH, required: true, doc: 'Width of each token vector.' },
      ],
      options: [
        {
          name: 'pad',
          aliases: ['padding_idx'],
          type: { kind: 'int', min: 0, max: MAX_INPUT_DIM },
          defaultText: 'none',
          doc: "Padding id: its row starts at zero and gets no gradient (PyTorch's padding_idx).",
        },
      ],
    },
  },
  {
    name: 'positional',
    doc: 'Adds a position vector to each row of [T, D]: the fixed sinusoidal table, or a learned one.',
    example: 'positional sinusoidal',
    pytorch: 'x + pe[:T] (sinusoidal buffer), or x + nn.Parameter(torch.randn(max, D) * 0.02)[:T]',
    schema: {
      positional: [
        {
          name: 'mode',
          type: { kind: 'enum', values: ['sinusoidal', 'learned'] },
          required: true,
          doc: 'sinusoidal: the fixed table of "Attention is all you need"; learned: a parameter [max, D], init N(0, 0.02).',
        },
      ],
      options: [
        {
          name: 'max',
          type: { kind: 'int', min: 1, max: MAX_INPUT_DIM },
          defaultText: 'the sequence length',
          doc: 'Rows of the table: the longest sequence it can take.',
        },
      ],
    },
  },
  {
    name: 'attention',
    aliases: ['self_attention', 'mha'],
    doc: 'Multi-head self-attention over [T, D] -> [T, D]. With a tokens input, keys that are padding (id 0) are masked.',
    example: 'attention heads 4 causal',
    pytorch: 'nn.MultiheadAttention(D, heads, dropout, batch_first=True)',
    schema: {
      positional: [],
      options: [HEADS, CAUSAL, { name: 'dropout', type: P, default: 0, doc: 'Dropout on the attention weights (training only).' }],
    },
  },
  {
    name: 'transformer',
    aliases: ['transformer_encoder'],
    doc: 'A Transformer encoder block on [T, D]: self-attention and a feed-forward of width FF, each with a residual and a layer norm.',
    example: 'transformer heads 4 ff 512 norm_first causal',
    pytorch: 'nn.TransformerEncoderLayer(D, heads, ff, dropout, activation, batch_first=True, norm_first)',
    schema: {
      positional: [],
      options: [
        HEADS,
        { name: 'ff', aliases: ['dim_feedforward'], type: WIDTH, required: true, doc: 'Width of the feed-forward hidden layer.' },
        { name: 'dropout', type: P, default: 0.1, doc: 'Dropout on attention weights, after attention and in and after the feed-forward.' },
        {
          name: 'norm_first',
          type: { kind: 'flag' },
          default: false,
          doc: 'Pre-norm (layer norm before each sub-block) instead of post-norm.',
        },
        CAUSAL,
        { name: 'activation', type: { kind: 'enum', values: ['relu', 'gelu'] }, default: 'relu', doc: 'Feed-forward activation.' },
        { name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: "The layer norms' epsilon." },
      ],
    },
  },
] as const satisfies readonly (Omit<LayerDef, 'name'> & { name: string })[];
