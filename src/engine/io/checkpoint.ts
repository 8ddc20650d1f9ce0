// checkpoint.safetensors: a run's checkpoint in one file, so it is replaced whole (atomic.ts) and
// never half old, half new. The weights keep their names (the file loads as weights with
// --init-from, or in PyTorch); the optimizer's buffers are the flat tensors `opt.*`; the counters
// and the early-stopping state are JSON in the header's metadata (`model_lab_state`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Checkpoint, ResumeFrom, TrainState } from '../train/checkpoint';
import type { NamedTensors } from '../train/types';
import { writeFileAtomic } from './atomic';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const BEST_FILE = 'best.safetensors';

export function writeCheckpoint(dir: string, c: Checkpoint, model: string): void {
  const tensors = new Map([...c.weights, ...c.optimizer]);
  const state = JSON.stringify(c.state, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  writeFileAtomic(join(dir, CHECKPOINT_FILE), encodeSafetensors(tensors, { model, model_lab_state: state, reason: c.reason }));
}

export function writeBest(dir: string, weights: NamedTensors, epoch: number, model: string): void {
  writeFileAtomic(join(dir, BEST_FILE), encodeSafetensors(weights, { model, epoch: String(epoch) }));
}

/** A run folder's checkpoint (and best weights, when the run kept any), to resume it. */
export function readCheckpoint(dir: string): ResumeFrom {
  const path = join(dir, CHECKPOINT_FILE);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SafetensorsError(`${path}: no checkpoint to resume from (${e instanceof Error ? e.message : String(e)})`);
  }
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (!metadata.model_lab_state) throw new SafetensorsError(`${path}: not a Model Lab checkpoint (no model_lab_state)`);
  const state = JSON.parse(metadata.model_lab_state, (_, v) =>
    v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v,
  ) as TrainState;
  const weights = new Map<string, { shape: number[]; data: Float32Array }>(),
    optimizer = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, t] of tensors) (name.startsWith('opt.') ? optimizer : weights).set(name, t);
  let best: NamedTensors | null = null;
  try {
    best = state.best ? decodeSafetensors(readFileSync(join(dir, BEST_FILE))).tensors : null;
  } catch {
    best = null; // no best weights: an early stop keeps the last ones
  }
  return { checkpoint: { state, weights, optimizer }, best };
}
