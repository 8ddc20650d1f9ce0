// Activation functions: usable as a layer (`relu`) or fused after dense/conv2d (`dense 64 relu`).
import type { ActivationFn } from '../../graph/ir';

export interface ActivationDef {
  readonly name: ActivationFn | 'softmax';
  readonly doc: string;
  /** leaky_relu's negative slope and elu's alpha, written right after the name: `leaky_relu 0.2`. */
  readonly alpha?: { readonly default: number; readonly doc: string };
}

export const ACTIVATIONS: readonly ActivationDef[] = [
  { name: 'relu', doc: 'Rectified linear unit: max(0, x).' },
  {
    name: 'leaky_relu',
    doc: 'Leaky ReLU: x for x > 0, alpha·x otherwise.',
    alpha: { default: 0.01, doc: 'negative slope (PyTorch default 0.01)' },
  },
  {
    name: 'elu',
    doc: 'Exponential linear unit: x for x > 0, alpha·(exp(x) − 1) otherwise.',
    alpha: { default: 1.0, doc: 'alpha (PyTorch default 1.0)' },
  },
  { name: 'gelu', doc: 'Gaussian error linear unit (exact, erf form, as torch.nn.GELU()).' },
  { name: 'sigmoid', doc: 'Logistic sigmoid 1 / (1 + exp(−x)); ends a binary classifier trained with binary_cross_entropy.' },
  { name: 'tanh', doc: 'Hyperbolic tangent.' },
  { name: 'softmax', doc: 'Softmax over the last axis. Not needed before cross_entropy, which takes logits.' },
];

export function findActivation(name: string): ActivationDef | undefined {
  return ACTIVATIONS.find((a) => a.name === name);
}

export const ACTIVATION_NAMES: readonly string[] = ACTIVATIONS.map((a) => a.name);
