// The forward half of an OpCtx: what a rule reads and writes while a program runs forward (and
// what its backward half shares). reverse.ts adds the gradient methods.

import type { GraphNode } from '../../graph/ir';
import { numel, type ForwardState, type OpCtx, type TCall, type Tensors } from './types';

const forwardOnly = (): never => {
  throw new Error('autodiff: a gradient method was called in a forward rule');
};

export function forwardCtx(env: Tensors, n: GraphNode, train: boolean, fwd: ForwardState, calls: TCall[]): OpCtx {
  const input = (i: number): number => n.inputs[i]!;
  return {
    node: n,
    train,
    shapeOf: (i) => env.nodes[input(i)]!.shape,
    x: (i) => fwd.val.get(input(i))!,
    y: () => {
      let t = fwd.val.get(n.id);
      if (!t) fwd.val.set(n.id, (t = env.newT(numel(n.shape), true)));
      return t;
    },
    alias: (t) => void fwd.val.set(n.id, t),
    saved: (key, len, batched) => {
      const k = `${n.id}:${key}`;
      let t = fwd.saved.get(k);
      if (!t) fwd.saved.set(k, (t = env.newT(len, batched)));
      return t;
    },
    emit: (kernel, args, p) => void calls.push({ kernel, args, p } as TCall),
    dy: forwardOnly,
    needs: forwardOnly,
    gradInto: forwardOnly,
    pass: forwardOnly,
    temp: (len, batched) => env.newT(len, batched),
  };
}
