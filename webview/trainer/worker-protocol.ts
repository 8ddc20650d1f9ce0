// Messages between the trainer page and its training worker (same origin, our own code on both
// ends; what reaches the page from the host is validated by the channel before it gets here).
// The worker's run events are the host's notifications, payload and all: the page shows them and
// forwards them unchanged.
import type { RunRequest } from '../../src/protocol/runs';
import type { DevicePreference } from '../../src/protocol/wire';
import type { IncomingChunk } from './incoming-data';

export type FromPage =
  | {
      readonly type: 'start';
      readonly run: RunRequest;
      readonly preference: DevicePreference;
      /** The training set's size when it follows in 'data' messages (the request's set is empty). */
      readonly incoming: number | null;
    }
  | { readonly type: 'data'; readonly chunk: IncomingChunk }
  | { readonly type: 'control'; readonly action: 'stop' | 'pause' | 'resume' }
  | { readonly type: 'lr'; readonly lr: number | null };

/** The host's notifications a run's worker sends: the shared driver's (src/protocol/run-driver.ts). */
export type { RunEvent, RunEventMessage as ToPage } from '../../src/protocol/run-driver';
