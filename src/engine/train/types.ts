// What a training run reports, as it goes and at the end. The run record (JSON lines) is these
// objects, one per line; their shapes are the run record's schema (io/run-record.ts).

import type { EndRecord, StartRecord } from '../io/run-record';

export type { EpochRecord, RunStatus, SampleRecord, StepRecord } from '../io/run-record';
import type { EpochRecord, SampleRecord, StepRecord } from '../io/run-record';

export type NamedTensors = ReadonlyMap<string, { readonly shape: readonly number[]; readonly data: Float32Array }>;

export interface RunStart extends StartRecord {
  readonly initialWeights: NamedTensors;
}

export interface RunEnd extends EndRecord {
  readonly weights: NamedTensors;
  /** The last epochs (at most HISTORY_KEPT of them; the run record keeps every one). */
  readonly history: readonly EpochRecord[];
}

export interface RunObserver {
  start?(s: RunStart): void;
  /** Instead of start, for a run continued from a checkpoint (its record already has the start). */
  resumed?(s: RunStart, at: { readonly epoch: number; readonly step: number }): void;
  step?(s: StepRecord): void;
  epoch?(e: EpochRecord): void;
  /** A language model's sample after an epoch (io/run-record.ts; the train block's `samples:`). */
  sample?(s: SampleRecord): void;
  end?(e: RunEnd): void;
}
