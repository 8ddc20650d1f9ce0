// Learning-rate schedules: the closed forms of torch.optim.lr_scheduler (StepLR, ExponentialLR,
// CosineAnnealingLR, OneCycleLR, LinearLR), at the scheduler's count t = the number of times
// scheduler.step() has run: the 0-based epoch for a schedule stepped per epoch, the 0-based
// optimizer step for one stepped per step (OneCycleLR always is, as PyTorch's recipe).
// A warm-up multiplies the schedule by LinearLR's factor over its own unit (steps or epochs):
// ChainedScheduler([LinearLR, schedule]) when both step at the same cadence.

import type { ScheduleSpec } from '../../graph/train-config';

/** The run's length, for defaults that PyTorch asks for (T_max, total_steps). */
export interface Timeline {
  readonly stepsPerEpoch: number;
  readonly epochs: number;
}

/** lr for a 0-based epoch and 0-based global step. Without a timeline, T_max and total_steps
 *  must be written in the spec. */
export function learningRate(base: number, s: ScheduleSpec, epoch: number, step: number, time?: Timeline): number {
  const perStep = 'per' in s && s.per === 'step';
  const t = perStep ? step : epoch;
  const length = () => {
    if (!time) throw new Error("learningRate: this schedule needs the run's length");
    return perStep ? time.epochs * time.stepsPerEpoch : time.epochs;
  };
  switch (s.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(s.gamma, Math.floor(t / s.stepSize));
    case 'exponential':
      return base * Math.pow(s.gamma, t);
    case 'cosine':
      return s.minLr + ((base - s.minLr) * (1 + Math.cos((Math.PI * t) / (s.tMax ?? length())))) / 2;
    case 'onecycle':
      return oneCycle(s, s.maxLr ?? base, step, s.totalSteps ?? (time ? time.epochs * time.stepsPerEpoch : length()));
    case 'warmup': {
      const tw = s.unit === 'epoch' ? epoch : step;
      const start = s.startFactor ?? 1 / Math.max(1, s.steps);
      return learningRate(base, s.then, epoch, step, time) * (start + ((1 - start) * Math.min(tw, s.steps)) / s.steps);
    }
  }
}

type OneCycle = Extract<ScheduleSpec, { kind: 'onecycle' }>;

/** OneCycleLR.get_lr at step t (past total_steps, where PyTorch raises, the last phase's end holds). */
function oneCycle(s: OneCycle, maxLr: number, t: number, total: number): number {
  const initial = maxLr / s.divFactor,
    min = initial / s.finalDivFactor;
  const phases = s.threePhase
    ? [
        { end: s.pctStart * total - 1, from: initial, to: maxLr },
        { end: 2 * s.pctStart * total - 2, from: maxLr, to: initial },
        { end: total - 1, from: initial, to: min },
      ]
    : [
        { end: s.pctStart * total - 1, from: initial, to: maxLr },
        { end: total - 1, from: maxLr, to: min },
      ];
  const anneal = (from: number, to: number, pct: number) =>
    s.anneal === 'linear' ? (to - from) * pct + from : to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i]!;
    if (t <= p.end || i === phases.length - 1) return anneal(p.from, p.to, Math.min(1, (t - start) / (p.end - start)));
    start = p.end;
  }
  return min;
}
