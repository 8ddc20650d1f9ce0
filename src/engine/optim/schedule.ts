// Learning-rate schedules, closed forms of torch.optim.lr_scheduler stepped once per epoch
// (StepLR, ExponentialLR, CosineAnnealingLR). Warmup multiplies the wrapped schedule by
// min(1, (step + 1) / steps) over optimizer steps (a per-step LinearLR from 1/steps to 1).

import type { ScheduleSpec } from '../../graph/train-config';

/** lr for a 0-based epoch and 0-based global step. */
export function learningRate(base: number, s: ScheduleSpec, epoch: number, step: number): number {
  switch (s.kind) {
    case 'constant': return base;
    case 'step': return base * Math.pow(s.gamma, Math.floor(epoch / s.stepSize));
    case 'exponential': return base * Math.pow(s.gamma, epoch);
    case 'cosine': return s.minLr + ((base - s.minLr) * (1 + Math.cos((Math.PI * epoch) / s.tMax))) / 2;
    case 'warmup': return learningRate(base, s.then, epoch, step) * Math.min(1, (step + 1) / Math.max(1, s.steps));
  }
}
