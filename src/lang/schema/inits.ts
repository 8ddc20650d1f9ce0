// Weight initialisers, per layer (`dense 64 init he_normal`) or per model (`model m(input [2], init xavier_normal)`).
import type { InitSpec } from '../../graph/ir';
import type { ChoiceDef } from './types';
import { NO_ARGS } from './types';

export const INITS: readonly ChoiceDef[] = [
  {
    name: 'xavier_uniform',
    aliases: ['glorot_uniform'],
    doc: 'Glorot/Xavier uniform: U(−a, a), a = sqrt(6 / (fan_in + fan_out)). Default before non-relu activations.',
    schema: NO_ARGS,
  },
  { name: 'xavier_normal', aliases: ['glorot_normal'], doc: 'Glorot/Xavier normal: N(0, 2 / (fan_in + fan_out)).', schema: NO_ARGS },
  {
    name: 'he_uniform',
    aliases: ['kaiming_uniform'],
    doc: 'He/Kaiming uniform: U(−a, a), a = sqrt(6 / fan_in). Default before relu-family activations.',
    schema: NO_ARGS,
  },
  { name: 'he_normal', aliases: ['kaiming_normal'], doc: 'He/Kaiming normal: N(0, 2 / fan_in).', schema: NO_ARGS },
  {
    name: 'normal',
    doc: 'Normal distribution N(mean, std²).',
    example: 'init normal std 0.02',
    schema: {
      positional: [],
      options: [
        { name: 'mean', type: { kind: 'number' }, default: 0, doc: 'mean' },
        { name: 'std', type: { kind: 'number', min: 0 }, default: 1, doc: 'standard deviation (torch.nn.init.normal_ default 1)' },
      ],
    },
  },
  {
    name: 'uniform',
    doc: 'Uniform distribution U(low, high).',
    example: 'init uniform low -0.1 high 0.1',
    schema: {
      positional: [],
      options: [
        { name: 'low', type: { kind: 'number' }, default: 0, doc: 'lower bound (torch.nn.init.uniform_ default 0)' },
        { name: 'high', type: { kind: 'number' }, default: 1, doc: 'upper bound (torch.nn.init.uniform_ default 1)' },
      ],
    },
  },
  { name: 'zeros', doc: 'All zeros (the default for biases).', schema: NO_ARGS },
  { name: 'ones', doc: 'All ones.', schema: NO_ARGS },
];

/** The initialisers a person can name (the others are layers' own: an embedding's, a positional table). */
type Nameable = Exclude<InitSpec['kind'], 'normal_pad' | 'sinusoidal'>;
const CANONICAL: Partial<Record<string, Nameable>> = {
  xavier_uniform: 'xavier_uniform',
  glorot_uniform: 'xavier_uniform',
  xavier_normal: 'xavier_normal',
  glorot_normal: 'xavier_normal',
  he_uniform: 'he_uniform',
  kaiming_uniform: 'he_uniform',
  he_normal: 'he_normal',
  kaiming_normal: 'he_normal',
  zeros: 'zeros',
  ones: 'ones',
  normal: 'normal',
  uniform: 'uniform',
};

/** The InitSpec for an init name; `param` reads its parameters (given, else this table's defaults). */
export function makeInit(name: string, param: (name: 'mean' | 'std' | 'low' | 'high') => number): InitSpec {
  const kind = CANONICAL[name];
  if (!kind) throw new Error(`schema: unknown initialiser '${name}'`);
  if (kind === 'normal') return { kind, mean: param('mean'), std: param('std') };
  if (kind === 'uniform') return { kind, low: param('low'), high: param('high') };
  return { kind };
}
