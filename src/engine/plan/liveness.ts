// Static buffer plan: every activation, gradient and saved tensor of a program group gets a
// place in a shared slot buffer, reused once the tensor is dead (linear scan over the call
// sequence, best fit by size). A tensor is never placed in the slot of a tensor that the same
// call still reads, because a slot only frees after the call of its last use.

import type { T } from '../autodiff/types';

export interface Storage {
  readonly t: T;
  readonly size: number; // elements, at maxBatch
  readonly fixed: { buffer: number; offset: number } | undefined;
  pin: boolean; // gets a buffer of its own (the host reads it)
}

export function placeStorages(
  storages: readonly Storage[],
  programs: readonly (readonly { args: readonly T[] }[])[],
  prefix: string,
  addBuffer: (name: string, size: number) => number,
): Map<number, { buffer: number; offset: number }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let step = 0;
  for (const calls of programs) {
    for (const c of calls) {
      for (const t of c.args) {
        if (storages[t.id]!.fixed) continue;
        if (!first.has(t.id)) first.set(t.id, step);
        last.set(t.id, step);
      }
      step++;
    }
  }
  const place = new Map<number, { buffer: number; offset: number }>();
  const order = [...first.keys()].sort((a, b) => first.get(a)! - first.get(b)! || a - b);
  interface Slot {
    size: number;
    freeAt: number;
    members: number[];
  }
  const slots: Slot[] = [];
  for (const id of order) {
    const s = storages[id]!;
    if (s.pin) {
      place.set(id, { buffer: addBuffer(`${prefix}.pinned${id}`, s.size), offset: 0 });
      continue;
    }
    const start = first.get(id)!;
    // Best fit: the smallest free slot that holds it, else the largest free slot (grown).
    let fit: Slot | null = null,
      big: Slot | null = null;
    for (const slot of slots) {
      if (slot.freeAt >= start) continue;
      if (slot.size >= s.size && (!fit || slot.size < fit.size)) fit = slot;
      if (!big || slot.size > big.size) big = slot;
    }
    let best = fit ?? big;
    if (!best) slots.push((best = { size: 0, freeAt: -1, members: [] }));
    best.size = Math.max(best.size, s.size);
    best.freeAt = last.get(id)!;
    best.members.push(id);
  }
  slots.forEach((slot, i) => {
    const buffer = addBuffer(`${prefix}.slot${i}`, slot.size);
    for (const id of slot.members) place.set(id, { buffer, offset: 0 });
  });
  return place;
}
