// A TrainConfig with PyTorch-style defaults, for tests and benchmarks (src/lang resolves the
// real ones from a train block).

import type { TrainConfig } from '../../graph/train-config';

export function trainConfig(over: Partial<TrainConfig> = {}): TrainConfig {
  return {
    model: 'model',
    data: 'data',
    loss: { kind: 'cross_entropy', labelSmoothing: 0 },
    optimizer: { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    schedule: { kind: 'constant' },
    epochs: 10,
    batch: 32,
    l1: 0,
    weightDecay: 0,
    clipNorm: null,
    earlyStop: null,
    stopWhen: null,
    metrics: ['accuracy'],
    seed: 0,
    device: 'cpu',
    ...over,
  };
}
