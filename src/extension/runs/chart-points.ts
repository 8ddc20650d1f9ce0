// An epoch as points of the charts, for the live Training view and the Compare panel alike.
import type { MetricBatch } from '../../protocol/wire';

/** The epoch's metrics except its mean training loss (the per-step curve shows that already), and its learning rate. */
export function epochPoints(e: {
  readonly step: number;
  readonly lr: number;
  readonly metrics: Readonly<Record<string, number>>;
}): MetricBatch['points'] {
  const points = Object.entries(e.metrics)
    .filter(([name]) => name !== 'loss')
    .map(([name, value]) => ({ step: e.step, name, value }));
  if (Number.isFinite(e.lr)) points.push({ step: e.step, name: 'lr', value: e.lr });
  return points;
}
