// The plan compiler: model graph + loss + optimizer -> fixed kernel-call programs over a static
// buffer plan. Forward calls come from RULES[op].forward in graph order; the backward calls from
// RULES[op].backward in reverse order, derived here ahead of time (no tape at run time).

import type { KernelCall, KernelParams } from '../backend';
import type { Graph, GraphNode } from '../../graph/ir';
import type { LossSpec, OptimizerSpec } from '../../graph/train-config';
import { biasGeometry, defaultAlpha, fromOutput, RULES } from '../autodiff/rules';
import { ACT } from '../backends/cpu/elementwise';
import { LOSS } from '../backends/cpu/loss';
import { placeStorages, type Storage } from './liveness';
import { layoutParams } from './params';
import type { OpCtx, Plan, PlanBuffer, T } from './types';
import { updateCalls } from './update';

export interface CompileOptions {
  readonly maxBatch: number;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly weightDecay: number;
  readonly l1: number;
  readonly clipNorm: number | null;
  /** Also compute d(loss)/d(input) (gradient checks). */
  readonly inputGrad?: boolean;
  /** Fuse bias_add + activation into 'bias_act' (default true; off for backends without it). */
  readonly fuse?: boolean;
  /** Graph nodes whose eval-mode output the host reads after an eval run (layer statistics): each
   *  gets a buffer of its own, so liveness reuse never overwrites it. Listed in Plan.observed. */
  readonly observe?: readonly number[];
}

export const LOSS_WINDOW = 16;

interface Call { kernel: string; args: readonly T[]; p: KernelParams }

const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export function compilePlan(graph: Graph, opts: CompileOptions): Plan {
  const nodes = graph.nodes;
  const buffers: PlanBuffer[] = [];
  const addBuffer = (name: string, size: number): number => (buffers.push({ name, size: Math.max(1, size) }), buffers.length - 1);
  const storages: Storage[] = [];
  const newT = (len: number, batched: boolean, fixed?: { buffer: number; offset: number }, pin = false): T => {
    const t: T = { id: storages.length, len, batched };
    storages.push({ t, size: batched ? len * opts.maxBatch : len, fixed, pin });
    return t;
  };

  const layout = layoutParams(graph);
  const paramsBuffer = addBuffer('params', layout.trainableSize);
  const gradsBuffer = addBuffer('grads', layout.trainableSize);
  const stateBuffer = addBuffer('state', layout.stateSize);
  const params = layout.entries.map((e) => ({ ...e, buffer: e.trainable ? paramsBuffer : stateBuffer }));
  const paramT = new Map<number, T>();
  const gradT = new Map<number, T>();
  for (const e of params) {
    paramT.set(e.node, newT(e.size, false, { buffer: e.buffer, offset: e.offset }));
    if (e.trainable) gradT.set(e.node, newT(e.size, false, { buffer: gradsBuffer, offset: e.offset }));
  }

  const inputLen = numel(graph.inputShape);
  const out = nodes[graph.output]!;
  const outputLen = numel(out.shape);
  const ce = opts.loss.kind === 'cross_entropy';
  // Cross-entropy on a softmax output, or binary cross-entropy on a sigmoid output, is computed
  // from the logits before it: the same value, numerically stable, one fused gradient.
  const onLogits = (ce && out.op.kind === 'softmax') ||
    (opts.loss.kind === 'binary_cross_entropy' && out.op.kind === 'activation' && out.op.fn === 'sigmoid');
  const lossNode = onLogits ? nodes[out.inputs[0]!]! : out;
  const targetLen = ce ? 1 : outputLen;
  const xBuf = addBuffer('x', inputLen * opts.maxBatch);
  const targetBuf = addBuffer('target', targetLen * opts.maxBatch);
  const lossLog = addBuffer('loss', LOSS_WINDOW + 1);
  const xT = newT(inputLen, true, { buffer: xBuf, offset: 0 });
  const targetT = newT(targetLen, true, { buffer: targetBuf, offset: 0 });
  const lossT = newT(LOSS_WINDOW + 1, false, { buffer: lossLog, offset: 0 });
  const lossP = lossParams(opts.loss, numel(lossNode.shape));

  // Which nodes need a gradient: trainable params, the input if asked, and what depends on them.
  const requires = nodes.map(() => false);
  for (const n of nodes) {
    if (n.op.kind === 'param') requires[n.id] = n.op.trainable;
    else if (n.op.kind === 'input') requires[n.id] = !!opts.inputGrad;
    else requires[n.id] = n.inputs.some((i) => requires[i]);
  }
  const consumers = nodes.map(() => 0);
  for (const n of nodes) for (const i of n.inputs) consumers[i]!++;
  consumers[lossNode.id]!++;

  // bias_add followed only by an activation whose gradient reads its output runs as one kernel
  // (the matmul/conv epilogue); the pre-activation is never stored.
  const soleConsumer = nodes.map(() => -1);
  for (const n of nodes) for (const i of n.inputs) soleConsumer[i] = consumers[i] === 1 ? n.id : -2;
  const observed = new Set(opts.observe ?? []);
  const fusedActivation = (n: GraphNode, train: boolean): GraphNode | null => {
    if (opts.fuse === false || n.op.kind !== 'bias_add' || n.id === lossNode.id || soleConsumer[n.id]! < 0) return null;
    if (!train && observed.has(n.id)) return null; // an observed pre-activation must be stored
    const a = nodes[soleConsumer[n.id]!]!;
    if (a.op.kind !== 'activation' || a.inputs[0] !== n.id) return null;
    return fromOutput(a.op.fn, a.op.alpha ?? defaultAlpha(a.op.fn)) ? a : null;
  };

  function forward(train: boolean, calls: Call[]) {
    const val = new Map<number, T>();
    const saved = new Map<string, T>();
    for (const n of nodes) {
      if (n.op.kind === 'input') { val.set(n.id, xT); continue; }
      if (n.op.kind === 'param') { val.set(n.id, paramT.get(n.id)!); continue; }
      if (val.has(n.id)) continue; // computed by a fused kernel
      const act = fusedActivation(n, train);
      if (act) {
        const y = newT(numel(act.shape), true);
        val.set(act.id, y);
        const o = act.op as Extract<GraphNode['op'], { kind: 'activation' }>;
        const alpha = o.alpha ?? defaultAlpha(o.fn);
        calls.push({ kernel: 'bias_act', args: [val.get(n.inputs[0]!)!, val.get(n.inputs[1]!)!, y], p: { ...biasGeometry(nodes, n), fn: ACT[o.fn], alpha, len: numel(act.shape) } });
        continue;
      }
      RULES[n.op.kind].forward(ctxFor(n, train, val, saved, calls, null));
    }
    calls.push({ kernel: 'loss_fwd', args: [val.get(lossNode.id)!, targetT, lossT], p: lossP });
    return { val, saved };
  }

  interface GradState { grad: Map<number, T>; count: Map<number, number>; pending: Call[] }

  function ctxFor(n: GraphNode, train: boolean, val: Map<number, T>, saved: Map<string, T>, calls: Call[], g: GradState | null): OpCtx {
    const input = (i: number): number => n.inputs[i]!;
    const gradFor = (v: number): T => {
      let t = g!.grad.get(v) ?? gradT.get(v);
      if (!t) {
        const node = nodes[v]!;
        t = newT(numel(node.shape), node.op.kind !== 'param', undefined, node.op.kind === 'input');
      }
      g!.grad.set(v, t);
      return t;
    };
    const c: OpCtx = {
      node: n,
      train,
      shapeOf: (i) => nodes[input(i)]!.shape,
      x: (i) => val.get(input(i))!,
      y: () => {
        let t = val.get(n.id);
        if (!t) val.set(n.id, (t = newT(numel(n.shape), true)));
        return t;
      },
      alias: (t) => void val.set(n.id, t),
      saved: (key, len, batched) => {
        const k = `${n.id}:${key}`;
        let t = saved.get(k);
        if (!t) saved.set(k, (t = newT(len, batched)));
        return t;
      },
      emit: (kernel, args, p) => void calls.push({ kernel, args, p }),
      dy: () => g!.grad.get(n.id)!,
      needs: (i) => requires[input(i)]!,
      gradInto: (i) => {
        const v = input(i), k = g!.count.get(v) ?? 0;
        g!.count.set(v, k + 1);
        if (k === 0) return gradFor(v);
        const tmp = newT(numel(nodes[v]!.shape), nodes[v]!.op.kind !== 'param');
        g!.pending.push({ kernel: 'acc_add', args: [tmp, gradFor(v)], p: lenP(tmp) });
        return tmp;
      },
      pass: (i, t) => {
        const v = input(i), k = g!.count.get(v) ?? 0, kind = nodes[v]!.op.kind;
        g!.count.set(v, k + 1);
        if (k === 0 && consumers[v] === 1 && kind !== 'param' && kind !== 'input') g!.grad.set(v, t);
        else calls.push({ kernel: k === 0 ? 'copy' : 'acc_add', args: [t, gradFor(v)], p: lenP(t) });
      },
      temp: (len, batched) => newT(len, batched),
    };
    return c;
  }

  // Train programs.
  const fwdCalls: Call[] = [];
  const { val, saved } = forward(true, fwdCalls);
  const trainOut = val.get(out.id)!;
  const bwdCalls: Call[] = [];
  const gs: GradState = { grad: new Map(), count: new Map(), pending: [] };
  gs.count.set(lossNode.id, 1);
  const dLoss = newT(numel(lossNode.shape), true);
  gs.grad.set(lossNode.id, dLoss);
  bwdCalls.push({ kernel: 'loss_bwd', args: [val.get(lossNode.id)!, targetT, dLoss], p: lossP });
  for (let id = lossNode.id; id >= 0; id--) {
    const n = nodes[id]!;
    if (n.op.kind === 'input' || n.op.kind === 'param' || !gs.grad.has(id)) continue;
    RULES[n.op.kind].backward(ctxFor(n, true, val, saved, bwdCalls, gs));
    bwdCalls.push(...gs.pending);
    gs.pending.length = 0;
  }
  const inputGradT = opts.inputGrad ? gs.grad.get(graph.input) ?? null : null;
  const upd = updateCalls(opts, layout, { params: paramsBuffer, grads: gradsBuffer }, addBuffer);

  // Eval program: forward in eval mode into its own activations.
  const evalCalls: Call[] = [];
  const evalVal = forward(false, evalCalls).val;
  const evalOut = evalVal.get(out.id)!;
  const observedT = [...observed].flatMap((id) => {
    const t = evalVal.get(id);
    return t?.batched ? [{ id, t }] : [];
  });

  // Pin what the host reads, then place every other tensor by liveness.
  for (const t of [trainOut, evalOut, ...(inputGradT ? [inputGradT] : []), ...observedT.map((o) => o.t)]) storages[t.id]!.pin = true;
  const trainPlace = placeStorages(storages, [fwdCalls, bwdCalls], 'train', addBuffer);
  const evalPlace = placeStorages(storages, [evalCalls], 'eval', addBuffer);
  const where = (t: T) => storages[t.id]!.fixed ?? trainPlace.get(t.id) ?? evalPlace.get(t.id);
  const lower = (calls: readonly Call[]): KernelCall[] =>
    calls.map((c) => ({
      kernel: c.kernel,
      p: c.p,
      args: c.args.map((t) => {
        const w = where(t);
        if (!w) throw new Error(`plan: tensor ${t.id} has no place`);
        return { buffer: w.buffer, offset: w.offset, size: storages[t.id]!.size };
      }),
    }));
  const bufOf = (t: T) => where(t)!.buffer;
  const actFloats = buffers.filter((b) => b.name.startsWith('train.') || b.name.startsWith('eval.')).reduce((a, b) => a + b.size, 0);

  return {
    maxBatch: opts.maxBatch,
    inputLen,
    outputLen,
    targetLen,
    lossOnLogits: onLogits,
    buffers,
    params,
    paramsBuffer,
    gradsBuffer,
    stateBuffer,
    x: xBuf,
    target: targetBuf,
    lossLog,
    lossWindow: LOSS_WINDOW,
    trainOutput: bufOf(trainOut),
    evalOutput: bufOf(evalOut),
    inputGrad: inputGradT ? bufOf(inputGradT) : null,
    observed: observedT.map(({ id, t }) => ({ node: id, layer: nodes[id]!.layer, ...where(t)!, len: t.len })),
    programs: { forward: lower(fwdCalls), backward: lower(bwdCalls), update: upd, eval: lower(evalCalls) },
    stats: { activationFloats: actFloats, paramFloats: layout.trainableSize + layout.stateSize, trainableParams: layout.trainableCount },
  };
}

function lenP(t: T): KernelParams {
  return { len: t.len, batched: t.batched ? 1 : 0 };
}

function lossParams(loss: LossSpec, d: number): KernelParams {
  switch (loss.kind) {
    case 'cross_entropy': return { kind: LOSS.cross_entropy, d, smoothing: loss.labelSmoothing };
    case 'huber': return { kind: LOSS.huber, d, delta: loss.delta };
    default: return { kind: LOSS[loss.kind], d };
  }
}
