// Models for the whole steps with this backend's own kernels forced on (fused-step.test.ts and
// the browser suite): attention without dropout on its weights (that is not fused), and a
// language model whose vocabulary of 300 makes its per-token cross-entropy rows long ones.

import { GraphBuilder } from '../../src/lang/test-graph';
import type { Model } from './models';

const ADAM = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
const base = { weightDecay: 0, l1: 0, clipNorm: null };

export const FUSED_MODELS: (Model & { attention: number })[] = [
  {
    name: 'GPT language model: embedding 300 pad 0, 2 causal pre-norm blocks, a per-token head over 300 tokens, adam',
    graph: () =>
      new GraphBuilder([8], 'tokens')
        .layer('embedding 300 16 pad 0')
        .layer('positional sinusoidal')
        .layer('repeat 2 {')
        .layer('  transformer heads 2 ff 32 dropout 0 norm_first activation gelu causal')
        .layer('}')
        .dense(300)
        .build(),
    opts: { loss: { kind: 'cross_entropy', labelSmoothing: 0.1 }, optimizer: ADAM, ...base },
    vocab: 300,
    attention: 2,
  },
  {
    name: 'BERT-style classifier: learned positions, post-norm block with padding mask, attention, flatten, dense, sgd',
    graph: () =>
      new GraphBuilder([6], 'tokens')
        .layer('embedding 7 8')
        .layer('positional learned max 10')
        .layer('transformer heads 4 ff 12 dropout 0')
        .layer('attention heads 2')
        .flatten()
        .dense(3)
        .build(),
    opts: {
      loss: { kind: 'cross_entropy', labelSmoothing: 0 },
      optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, dampening: 0 },
      ...base,
    },
    vocab: 7,
    attention: 2,
  },
];
