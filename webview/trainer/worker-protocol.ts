// Messages between the trainer page and its training worker (same origin, our own code on both
// ends; what reaches the page from the host is validated by the channel before it gets here).
import type { LayerStatsWire, RunRequest, WireTensor } from '../../src/protocol/runs';
import type { DevicePreference } from '../../src/protocol/wire';
import type { EpochRecord, RunEnd, RunStart, StepRecord } from '../../src/engine/train/types';

export type FromPage =
  | { readonly type: 'start'; readonly run: RunRequest; readonly preference: DevicePreference }
  | { readonly type: 'control'; readonly action: 'stop' | 'pause' | 'resume' }
  | { readonly type: 'lr'; readonly lr: number | null };

export type ToPage =
  | { readonly type: 'started'; readonly device: 'webgpu' | 'cpu'; readonly note: string | null; readonly start: Omit<RunStart, 'initialWeights'>; readonly initialWeights: WireTensor[] }
  | { readonly type: 'progress'; readonly steps: readonly StepRecord[]; readonly epochs: readonly EpochRecord[] }
  | { readonly type: 'paused'; readonly paused: boolean; readonly step: number }
  | { readonly type: 'stats'; readonly stats: LayerStatsWire }
  | { readonly type: 'ended'; readonly end: Omit<RunEnd, 'weights' | 'history'>; readonly weights: WireTensor[] }
  | { readonly type: 'failed'; readonly message: string };
