// Fusion: a bias_add read only by an activation whose gradient needs just its output (relu,
// sigmoid, tanh, ...) runs as one 'bias_act' kernel, the matmul/conv epilogue, and the
// pre-activation is never stored. Off for backends without the kernel.

import type { GraphNode } from '../../graph/ir';
import { biasGeometry, defaultAlpha, fromOutput } from '../autodiff/rules';
import { numel, type T, type TCall } from '../autodiff/types';
import { ACT } from '../kernels/codes';

/** The activation node fused into bias_add node n (in train or eval mode), or null. */
export type Fusion = (n: GraphNode, train: boolean) => GraphNode | null;

export function fusion(
  nodes: readonly GraphNode[],
  lossNode: GraphNode,
  consumers: readonly number[],
  observed: ReadonlySet<number>,
  enabled: boolean,
): Fusion {
  const soleConsumer = nodes.map(() => -1);
  for (const n of nodes) for (const i of n.inputs) soleConsumer[i] = consumers[i] === 1 ? n.id : -2;
  return (n, train) => {
    if (!enabled || n.op.kind !== 'bias_add' || n.id === lossNode.id || soleConsumer[n.id]! < 0) return null;
    if (!train && observed.has(n.id)) return null; // an observed pre-activation must be stored
    const a = nodes[soleConsumer[n.id]!]!;
    if (a.op.kind !== 'activation' || a.inputs[0] !== n.id) return null;
    return fromOutput(a.op.fn, a.op.alpha ?? defaultAlpha(a.op.fn)) ? a : null;
  };
}

/** y = act(x + b) for bias node `bias` and its fused activation `act`. */
export function biasActCall(nodes: readonly GraphNode[], bias: GraphNode, act: GraphNode, x: T, b: T, y: T): TCall {
  if (act.op.kind !== 'activation') throw new Error(`fusion: node ${act.id} is not an activation`);
  const alpha = act.op.alpha ?? defaultAlpha(act.op.fn);
  return { kernel: 'bias_act', args: [x, b, y], p: { ...biasGeometry(nodes, bias), fn: ACT[act.op.fn], alpha, len: numel(act.shape) } };
}
