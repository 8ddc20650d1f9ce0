// A forward program (train or eval mode): each node's rule in graph order, fused bias+activation
// where fuse.ts says so, then the loss into the loss log.

import { forwardCtx } from '../autodiff/context';
import { RULES } from '../autodiff/rules';
import { numel, type ForwardState, type T, type TCall } from '../autodiff/types';
import type { ParamsOf } from '../kernels/contract';
import { biasActCall, type Fusion } from './fuse';
import type { TensorTable } from './tensors';

export interface ForwardInput {
  readonly env: TensorTable;
  readonly fusion: Fusion;
  /** The input batch, and each parameter's tensor by node. */
  readonly x: T;
  readonly params: ReadonlyMap<number, T>;
  readonly loss: { readonly node: number; readonly target: T; readonly log: T; readonly p: ParamsOf<'loss_fwd'> };
}

export function forwardProgram(f: ForwardInput, train: boolean): { calls: TCall[]; state: ForwardState } {
  const { env } = f,
    nodes = env.nodes;
  const state: ForwardState = { val: new Map(), saved: new Map() };
  const val = state.val,
    calls: TCall[] = [];
  for (const n of nodes) {
    if (n.op.kind === 'input') {
      val.set(n.id, f.x);
      continue;
    }
    if (n.op.kind === 'param') {
      val.set(n.id, f.params.get(n.id)!);
      continue;
    }
    if (val.has(n.id)) continue; // computed by a fused kernel
    const act = f.fusion(n, train);
    if (act) {
      const y = env.newT(numel(act.shape), true);
      val.set(act.id, y);
      calls.push(biasActCall(nodes, n, act, val.get(n.inputs[0]!)!, val.get(n.inputs[1]!)!, y));
      continue;
    }
    RULES[n.op.kind].forward(forwardCtx(env, n, train, state, calls));
  }
  calls.push({ kernel: 'loss_fwd', args: [val.get(f.loss.node)!, f.loss.target, f.loss.log], p: f.loss.p });
  return { calls, state };
}
