// The compile's tensor table: every tensor a program mentions, with the storage it needs. A
// storage is fixed (a parameter's slice, the input batch) or placed later by liveness.ts.

import type { GraphNode } from '../../graph/ir';
import type { T, Tensors } from '../autodiff/types';
import type { Storage } from './liveness';

export class TensorTable implements Tensors {
  readonly storages: Storage[] = [];

  constructor(
    readonly nodes: readonly GraphNode[],
    private readonly maxBatch: number,
  ) {}

  newT(len: number, batched: boolean, pin = false): T {
    return this.add(len, batched, undefined, pin);
  }

  /** A tensor at a fixed place of a plan buffer. */
  fixedT(len: number, batched: boolean, buffer: number, offset: number): T {
    return this.add(len, batched, { buffer, offset }, false);
  }

  /** Gives t a buffer of its own (the host reads it). */
  pin(t: T): void {
    this.storages[t.id]!.pin = true;
  }

  private add(len: number, batched: boolean, fixed: Storage['fixed'], pin: boolean): T {
    const t: T = { id: this.storages.length, len, batched };
    this.storages.push({ t, size: batched ? len * this.maxBatch : len, fixed, pin });
    return t;
  }
}
