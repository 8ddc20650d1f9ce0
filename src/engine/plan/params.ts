// Layout of parameters in flat buffers. Trainable tensors go in `params` (and their gradients at
// the same offsets in `grads`): dense and conv weights (`decay`) first, then biases and norm
// parameters, so each optimizer runs as two calls and `exclude bias_norm` can skip the second's
// weight decay and L1. Offsets are multiples of 64 floats (256 bytes), WebGPU's
// minStorageBufferOffsetAlignment, so any tensor can be bound on its own. The gaps stay zero
// and are left unchanged by every optimizer. Non-trainable state (running statistics) goes in
// `state`.

import type { Graph } from '../../graph/ir';
import type { ParamEntry } from './types';

export const ALIGN = 64;

/** A parameter's place in the flat layout, before the plan assigns it a buffer. */
export type ParamLayoutEntry = Omit<ParamEntry, 'buffer'>;

export interface ParamLayout {
  readonly entries: readonly ParamLayoutEntry[];
  readonly trainableSize: number;
  readonly decayEnd: number; // [0, decayEnd) holds the dense and conv weights
  readonly stateSize: number;
  readonly trainableCount: number;
}

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

export function layoutParams(graph: Graph): ParamLayout {
  const entries: ParamLayoutEntry[] = [];
  let off = 0,
    stateOff = 0,
    count = 0;
  const params = graph.nodes.filter((n) => n.op.kind === 'param');
  const groups = [
    params.filter((n) => n.op.kind === 'param' && n.op.trainable && n.op.decay),
    params.filter((n) => n.op.kind === 'param' && n.op.trainable && !n.op.decay),
  ];
  let decayEnd = 0;
  groups.forEach((group, gi) => {
    for (const n of group) {
      if (n.op.kind !== 'param') continue;
      const size = n.shape.reduce((a, b) => a * b, 1);
      entries.push({
        node: n.id,
        name: n.op.name,
        shape: n.shape,
        size,
        trainable: true,
        decay: n.op.decay,
        init: n.op.init,
        fanIn: n.op.fanIn,
        fanOut: n.op.fanOut,
        offset: off,
      });
      off = align(off + size);
      count += size;
    }
    if (gi === 0) decayEnd = off;
  });
  for (const n of params) {
    if (n.op.kind !== 'param' || n.op.trainable) continue;
    const size = n.shape.reduce((a, b) => a * b, 1);
    entries.push({
      node: n.id,
      name: n.op.name,
      shape: n.shape,
      size,
      trainable: false,
      decay: false,
      init: n.op.init,
      fanIn: n.op.fanIn,
      fanOut: n.op.fanOut,
      offset: stateOff,
    });
    stateOff = align(stateOff + size);
  }
  return { entries, trainableSize: off, decayEnd, stateSize: stateOff, trainableCount: count };
}
