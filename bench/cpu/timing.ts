// The timing protocol of spec.ts's Timing for the TypeScript sides (Model Lab, tfjs);
// torch_peer.py's measure() is its Python twin. Rates are per step; the caller scales to samples.

import { median, type Timing } from './spec';

export interface Measured {
  /** Median of the windows, steps per second. */
  readonly rate: number;
  readonly windows: number[];
  /** Timed steps (warm-up excluded). */
  readonly steps: number;
  /** One step took longer than Timing.slowStep: timed once, no windows. */
  readonly slow: boolean;
}

const now = (): number => performance.now() / 1000;

/** Times `step`; `flush` (awaited at the end of each window, inside it) waits for queued work. */
export async function measure(step: () => void, t: Timing, flush: () => Promise<void> = async () => {}): Promise<Measured> {
  let t0 = now();
  step();
  await flush();
  const first = now() - t0;
  if (first > t.slowStep) return { rate: 1 / first, windows: [1 / first], steps: 1, slow: true };
  for (let n = 1; n < t.warmupSteps || now() - t0 < t.warmupSeconds; n++) step();
  await flush();
  const windows: number[] = [];
  let steps = 0;
  for (let w = 0; w < t.windows; w++) {
    t0 = now();
    let n = 0;
    while (n < t.minSteps || now() - t0 < t.windowSeconds) {
      step();
      n++;
    }
    await flush();
    windows.push(n / (now() - t0));
    steps += n;
  }
  return { rate: median(windows), windows, steps, slow: false };
}
