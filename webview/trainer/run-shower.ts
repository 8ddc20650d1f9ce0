// What the trainer page shows of a run's events (its RunView: progress, numbers, the end), for a run
// in the page's own worker and for one the extension host trains on the CPU alike.
import type { RunView } from './run-view';
import type { ToPage } from './worker-protocol';

export interface ShowHooks {
  /** The run started on this device (the page's probe may have said another). */
  device(device: 'webgpu' | 'cpu', note: string | null): void;
  /** The first loss is on screen. */
  firstLoss(): void;
}

export interface RunShower {
  show(m: ToPage): void;
  /** The last step shown: a learning rate set now applies from there. */
  readonly lastStep: number;
}

export function runShower(view: RunView, epochs: number, hooks: ShowHooks): RunShower {
  let shownFirst = false;
  let lastStep = 0;
  return {
    get lastStep() {
      return lastStep;
    },
    show(m: ToPage): void {
      switch (m.type) {
        case 'runStarted':
          hooks.device(m.payload.device, m.payload.deviceNote);
          view.started(m.payload.start.stepsPerEpoch, epochs);
          return;
        case 'runProgress': {
          const { steps, epochs: done } = m.payload;
          const last = steps[steps.length - 1],
            epoch = done[done.length - 1];
          if (last) view.progress(last.step, last.epoch, last.loss);
          if (last && !shownFirst) {
            shownFirst = true;
            hooks.firstLoss();
          }
          if (epoch) view.epoch({ ...epoch.metrics }, epoch.epoch, epoch.samplesPerSec);
          lastStep = last?.step ?? lastStep;
          return;
        }
        case 'runPaused':
          view.setPaused(m.payload.paused);
          return;
        case 'runEnded':
          view.ended(m.payload.end.status, m.payload.end.message);
          return;
        case 'runFailed':
          view.ended('failed', m.payload.message);
          return;
        case 'runStats':
        case 'runCheckpoint':
          return;
      }
    },
  };
}
