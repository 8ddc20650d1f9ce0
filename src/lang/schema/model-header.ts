// The arguments of a model header: `model name(input [3, 32, 32], init he_normal)`, or
// `model gpt(tokens [64])` for a sequence of 64 token ids.
import { MAX_INPUT_DIM } from '../limits';
import type { ArgSchema } from './types';

export const MODEL_HEADER: ArgSchema = {
  positional: [],
  options: [
    {
      name: 'input',
      type: { kind: 'shape', max: MAX_INPUT_DIM },
      defaultText: 'none: give input or tokens',
      doc: 'Shape of one sample: [features] for vectors, [channels, height, width] for images.',
    },
    {
      name: 'tokens',
      type: { kind: 'shape', max: MAX_INPUT_DIM },
      defaultText: 'none: give input or tokens',
      doc: 'Token ids instead of values: [T], a sequence of T ids (read by embedding first).',
    },
    {
      name: 'init',
      type: { kind: 'init' },
      defaultText: 'per layer: he_uniform before relu-family activations, else xavier_uniform',
      doc: 'Weight initialiser for every dense and conv2d layer that names none.',
    },
  ],
};
