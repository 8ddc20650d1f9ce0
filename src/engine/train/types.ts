// What a training run reports, as it goes and at the end. The run record (JSON lines) is these
// objects, one per line.

import type { TrainConfig } from '../../graph/train-config';

export type NamedTensors = ReadonlyMap<string, { readonly shape: readonly number[]; readonly data: Float32Array }>;

export interface RunStart {
  readonly model: string;
  readonly config: TrainConfig;
  readonly seed: number;
  readonly device: string;
  readonly dataHash: string;
  readonly graphHash: string;
  readonly examples: { readonly train: number; readonly val: number; readonly test: number };
  readonly params: number;
  readonly batch: number;
  readonly stepsPerEpoch: number;
  readonly initialWeights: NamedTensors;
}

export interface StepRecord {
  readonly step: number; // 1-based
  readonly epoch: number; // 1-based
  readonly loss: number;
}

export interface EpochRecord {
  readonly epoch: number; // 1-based
  readonly step: number; // steps so far
  readonly lr: number;
  /** loss (mean training loss over the epoch), val_loss, val_accuracy, ... (train_* without a val split). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly samplesPerSec: number;
}

export type RunStatus = 'completed' | 'early_stopped' | 'threshold' | 'diverged' | 'stopped';

export interface RunEnd {
  readonly status: RunStatus;
  readonly message: string;
  readonly epochs: number;
  readonly steps: number;
  readonly final: Readonly<Record<string, number>>;
  readonly bestEpoch: number;
  readonly seconds: number;
  readonly samplesPerSec: number;
  readonly weights: NamedTensors;
  readonly history: readonly EpochRecord[];
}

export interface RunObserver {
  start?(s: RunStart): void;
  step?(s: StepRecord): void;
  epoch?(e: EpochRecord): void;
  end?(e: RunEnd): void;
}
