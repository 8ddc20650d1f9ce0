// Lowering: tensors -> buffer slices. Pinned tensors (what the host reads) get buffers of their
// own; the train programs share one set of slot buffers and the eval program another (liveness.ts).

import type { KernelCall } from '../backend';
import type { T, TCall } from '../autodiff/types';
import { mapArgs } from '../kernels/contract';
import { placeStorages } from './liveness';
import type { TensorTable } from './tensors';

export interface Lowering {
  /** Buffer and offset of a tensor (undefined if no program uses it). */
  where(t: T): { buffer: number; offset: number } | undefined;
  lower(calls: readonly TCall[]): KernelCall[];
}

export function placeAll(
  env: TensorTable,
  programs: { readonly train: readonly (readonly TCall[])[]; readonly eval: readonly TCall[] },
  pinned: readonly T[],
  addBuffer: (name: string, size: number) => number,
): Lowering {
  const storages = env.storages;
  for (const t of pinned) env.pin(t);
  const trainPlace = placeStorages(storages, programs.train, 'train', addBuffer);
  const evalPlace = placeStorages(storages, [programs.eval], 'eval', addBuffer);
  const where = (t: T) => storages[t.id]!.fixed ?? trainPlace.get(t.id) ?? evalPlace.get(t.id);
  return {
    where,
    lower: (calls) =>
      calls.map((c) =>
        mapArgs(c, (t) => {
          const w = where(t);
          if (!w) throw new Error(`plan: tensor ${t.id} has no place`);
          return { buffer: w.buffer, offset: w.offset, size: storages[t.id]!.size };
        }),
      ),
  };
}
