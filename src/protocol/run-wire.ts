// Converts the engine's run objects to and from the forms the protocol carries (typed arrays in
// plain objects), for the host and the trainer page alike.
import { Dataset, type Splits } from '../engine/data/dataset';
import type { NamedTensors } from '../engine/train/types';
import type { Checkpoint, ResumeFrom } from '../engine/train/checkpoint';
import type { RunRequest, WireCheckpoint, WireDataset, WireTensor } from './runs';

export function datasetToWire(ds: Dataset): WireDataset {
  return { x: ds.x, y: ds.y, inputShape: [...ds.inputShape], targetLen: ds.targetLen, classes: ds.classes };
}

export function wireToDataset(w: WireDataset): Dataset {
  return new Dataset(w.x, w.y, w.inputShape, w.targetLen, w.classes);
}

export function splitsToWire(s: Splits): RunRequest['data'] {
  return { train: datasetToWire(s.train), val: s.val && datasetToWire(s.val), test: s.test && datasetToWire(s.test) };
}

export function wireToSplits(w: RunRequest['data']): Splits {
  return { train: wireToDataset(w.train), val: w.val && wireToDataset(w.val), test: w.test && wireToDataset(w.test) };
}

export function tensorsToWire(t: NamedTensors): WireTensor[] {
  return [...t].map(([name, { shape, data }]) => ({ name, shape: [...shape], data }));
}

export function wireToTensors(w: readonly WireTensor[]): NamedTensors {
  return new Map(w.map((t) => [t.name, { shape: t.shape, data: t.data }]));
}

export function checkpointToWire(c: ResumeFrom['checkpoint']): WireCheckpoint {
  return { state: c.state, weights: tensorsToWire(c.weights), optimizer: tensorsToWire(c.optimizer) };
}

export function wireToCheckpoint(w: WireCheckpoint): Pick<Checkpoint, 'state' | 'weights' | 'optimizer'> {
  return { state: w.state, weights: wireToTensors(w.weights), optimizer: wireToTensors(w.optimizer) };
}

/** The distinct buffers under a message's typed arrays, for postMessage's transfer list. */
export function buffersOf(...arrays: (Float32Array | null | undefined)[]): ArrayBuffer[] {
  return [...new Set(arrays.filter((a): a is Float32Array => !!a).map((a) => a.buffer as ArrayBuffer))];
}
