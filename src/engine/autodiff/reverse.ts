// The reverse pass, derived ahead of time (no tape at run time): walk the graph from the loss
// node back to the inputs, and let each node's rule (rules.ts) emit its inputs' gradients. A
// value read by several ops gets one gradient tensor: the first contribution writes it, later
// ones go to a temporary added in with `acc_add` once that rule is done (`pending`). A gradient
// passed through unchanged (reshape, bias_add's dx) is aliased when its node has one consumer.

import type { GraphNode } from '../../graph/ir';
import { forwardCtx } from './context';
import { RULES } from './rules';
import { numel, type ForwardState, type OpCtx, type T, type TCall, type Tensors } from './types';

export interface ReverseInput {
  readonly env: Tensors;
  /** The train-mode forward program's values and saved tensors. */
  readonly fwd: ForwardState;
  /** The node the loss reads, and the tensor the loss backward wrote d(loss)/d(it) into. */
  readonly lossNode: GraphNode;
  readonly dLoss: T;
  /** Consumers of each node (the loss counts as one of the loss node's). */
  readonly consumers: readonly number[];
  /** Gradient slices of trainable parameters (in the flat grads buffer), by node. */
  readonly paramGrads: ReadonlyMap<number, T>;
  /** Also compute d(loss)/d(input) (gradient checks). */
  readonly inputGrad: boolean;
}

/** Backward calls (after the loss backward) and each node's gradient tensor. */
export function reverse(r: ReverseInput): { calls: TCall[]; grad: ReadonlyMap<number, T> } {
  const { env, lossNode } = r,
    nodes = env.nodes;
  const requires = requiresGrad(nodes, r.inputGrad);
  const grad = new Map<number, T>([[lossNode.id, r.dLoss]]);
  const count = new Map<number, number>([[lossNode.id, 1]]);
  const calls: TCall[] = [],
    pending: TCall[] = [];
  const lenP = (t: T) => ({ len: t.len, batched: t.batched ? 1 : 0 });

  // A gradient is laid out as its value: per sample, except a parameter's (and a weight's fake-quant).
  const batchedValue = (v: number): boolean => r.fwd.val.get(v)?.batched ?? nodes[v]!.op.kind !== 'param';
  // The gradient tensor of node v: a parameter's slice of the grads buffer, else a new one.
  const gradOf = (v: number): T => {
    let t = grad.get(v) ?? r.paramGrads.get(v);
    if (!t) {
      const kind = nodes[v]!.op.kind;
      t = env.newT(numel(nodes[v]!.shape), batchedValue(v), kind === 'input');
    }
    grad.set(v, t);
    return t;
  };
  // How many gradient contributions node v had before this one.
  const contribution = (v: number): number => {
    const k = count.get(v) ?? 0;
    count.set(v, k + 1);
    return k;
  };
  const ctx = (n: GraphNode): OpCtx => {
    const input = (i: number): number => n.inputs[i]!;
    return {
      ...forwardCtx(env, n, true, r.fwd, calls),
      dy: () => grad.get(n.id)!,
      needs: (i) => requires[input(i)]!,
      gradInto: (i) => {
        const v = input(i);
        if (contribution(v) === 0) return gradOf(v);
        const tmp = env.newT(numel(nodes[v]!.shape), batchedValue(v));
        pending.push({ kernel: 'acc_add', args: [tmp, gradOf(v)], p: lenP(tmp) });
        return tmp;
      },
      pass: (i, t) => {
        const v = input(i),
          k = contribution(v),
          kind = nodes[v]!.op.kind;
        if (k === 0 && r.consumers[v] === 1 && kind !== 'param' && kind !== 'input') grad.set(v, t);
        else calls.push({ kernel: k === 0 ? 'copy' : 'acc_add', args: [t, gradOf(v)], p: lenP(t) });
      },
    };
  };

  for (let id = lossNode.id; id >= 0; id--) {
    const n = nodes[id]!;
    if (n.op.kind === 'input' || n.op.kind === 'param' || !grad.has(id)) continue;
    RULES[n.op.kind].backward(ctx(n));
    calls.push(...pending);
    pending.length = 0;
  }
  return { calls, grad };
}

/** Which nodes need a gradient: trainable params, the input if asked, and what depends on them. */
function requiresGrad(nodes: readonly GraphNode[], inputGrad: boolean): boolean[] {
  const requires = nodes.map(() => false);
  for (const n of nodes) {
    if (n.op.kind === 'param') requires[n.id] = n.op.trainable;
    else if (n.op.kind === 'input') requires[n.id] = inputGrad;
    else requires[n.id] = n.inputs.some((i) => requires[i]);
  }
  return requires;
}

/** How many ops read each node; the loss counts as a reader of the loss node. */
export function consumerCounts(nodes: readonly GraphNode[], lossNode: GraphNode): number[] {
  const consumers = nodes.map(() => 0);
  for (const n of nodes) for (const i of n.inputs) consumers[i]!++;
  consumers[lossNode.id]!++;
  return consumers;
}
