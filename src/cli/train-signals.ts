// Ctrl-C and SIGTERM during `model-lab train`: the first asks the trainer to stop after the
// current step (it saves a checkpoint and ends the record as "stopped"); a second Ctrl-C exits at
// once with 130. The CPU trainer never waits on anything, so without help a signal's handler
// would only run when training is over: `control.checkpoint`, awaited after every step, yields
// to the event loop (a macrotask, setImmediate) once every YIELD_MS, cheap enough to keep speed.

import type { RunControl } from '../engine/train/trainer';

const YIELD_MS = 5;

export interface SignalStop {
  readonly control: RunControl;
  /** The signal that stopped the run, if one did. */
  readonly signal: () => NodeJS.Signals | null;
  dispose(): void;
}

export function stopOnSignals(onFirst: (signal: NodeJS.Signals) => void): SignalStop {
  let next = Date.now() + YIELD_MS,
    got: NodeJS.Signals | null = null;
  const control: RunControl = {
    stop: false,
    checkpoint: () => {
      if (Date.now() < next) return Promise.resolve();
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          next = Date.now() + YIELD_MS;
          resolve();
        }),
      );
    },
  };
  const handler = (signal: NodeJS.Signals) => {
    if (got === 'SIGINT' && signal === 'SIGINT') process.exit(130);
    if (got) return;
    got = signal;
    control.stop = true;
    onFirst(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    control,
    signal: () => got,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** The shell's code for a process ended by a signal: 128 + its number. */
export const signalExitCode = (s: NodeJS.Signals): number => (s === 'SIGINT' ? 130 : s === 'SIGTERM' ? 143 : 1);
