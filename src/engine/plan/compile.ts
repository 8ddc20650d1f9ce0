// The plan compiler: model graph + loss + optimizer -> fixed kernel-call programs over a static
// buffer plan, as a sequence of named steps: lay out parameters, pick the loss node, forward
// (forward.ts, with fusion from fuse.ts), reverse pass (autodiff/reverse.ts), optimizer update
// (update.ts), eval forward, then placement and lowering to buffer slices (lower.ts).

import type { Graph, GraphNode } from '../../graph/ir';
import type { LossSpec, OptimizerSpec, PenaltyScope } from '../../graph/train-config';
import { consumerCounts, reverse } from '../autodiff/reverse';
import { numel, type T, type TCall } from '../autodiff/types';
import type { ParamsOf } from '../kernels/contract';
import { LOSS } from '../kernels/codes';
import { forwardProgram, type ForwardInput } from './forward';
import { fusion } from './fuse';
import { placeAll } from './lower';
import { layoutParams, type ParamLayout } from './params';
import { TensorTable } from './tensors';
import type { ParamEntry, Plan, PlanBuffer } from './types';
import { pruneCalls, updateCalls } from './update';

export interface CompileOptions {
  readonly maxBatch: number;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly weightDecay: number;
  readonly l1: number;
  /** The parameters each penalty reaches (absent: 'all', PyTorch's default). */
  readonly weightDecayOn?: PenaltyScope;
  readonly l1On?: PenaltyScope;
  readonly clipNorm: number | null;
  /** Pruning masks (a `prune.mask` buffer the host writes; Plan.pruneMask). */
  readonly prune?: boolean;
  /** Knowledge distillation (cross-entropy only): the train programs' loss also reads the
   *  teacher's logits, which the host writes into the target buffer at Plan.softTargets; the eval
   *  program's loss stays the plain cross-entropy against the labels. */
  readonly distill?: { readonly temperature: number; readonly alpha: number };
  /** Also compute d(loss)/d(input) (gradient checks). */
  readonly inputGrad?: boolean;
  /** Fuse bias_add + activation into 'bias_act' (default true; off for backends without it). */
  readonly fuse?: boolean;
  /** Graph nodes whose eval-mode output the host reads after an eval run (layer statistics): each
   *  gets a buffer of its own, so liveness reuse never overwrites it. Listed in Plan.observed. */
  readonly observe?: readonly number[];
}

export const LOSS_WINDOW = 16;

export function compilePlan(graph: Graph, opts: CompileOptions): Plan {
  const nodes = graph.nodes;
  const buffers: PlanBuffer[] = [];
  const addBuffer = (name: string, size: number): number => (buffers.push({ name, size: Math.max(1, size) }), buffers.length - 1);
  const env = new TensorTable(nodes, opts.maxBatch);

  const layout = layoutParams(graph);
  const pb = {
    params: addBuffer('params', layout.trainableSize),
    grads: addBuffer('grads', layout.trainableSize),
    state: addBuffer('state', layout.stateSize),
  };
  const { params, paramT, gradT } = bindParams(env, layout, pb);

  const io = lossTarget(graph, opts);
  const { inputLen, xBuf, targetBuf, lossLog, xT, loss } = bindIO(env, graph, io, opts, addBuffer);
  const consumers = consumerCounts(nodes, io.lossNode);
  const observed = new Set(opts.observe ?? []);
  const fwd: ForwardInput = {
    env,
    fusion: fusion(nodes, io.lossNode, consumers, observed, opts.fuse !== false),
    x: xT,
    params: paramT,
    loss,
  };
  const trainLoss = opts.distill ? { ...loss, p: distillParams(loss.p, opts.distill, opts.maxBatch) } : loss;

  // Train programs: forward, then the loss backward and the reverse pass.
  const train = forwardProgram({ ...fwd, loss: trainLoss }, true);
  const trainOut = train.state.val.get(io.out.id)!;
  const dLoss = env.newT(numel(io.lossNode.shape), true);
  const back = reverse({ env, fwd: train.state, lossNode: io.lossNode, dLoss, consumers, paramGrads: gradT, inputGrad: !!opts.inputGrad });
  const lossBwd: TCall = { kernel: 'loss_bwd', args: [train.state.val.get(io.lossNode.id)!, loss.target, dLoss], p: trainLoss.p };
  const bwdCalls = [lossBwd, ...back.calls];
  const inputGradT = opts.inputGrad ? (back.grad.get(graph.input) ?? null) : null;
  const upd = updateCalls(opts, layout, pb, addBuffer);
  const prune = opts.prune ? pruneCalls(layout, pb, addBuffer) : null;

  // Eval program: forward in eval mode into its own activations.
  const ev = forwardProgram(fwd, false);
  const evalOut = ev.state.val.get(io.out.id)!;
  const observedT = [...observed].flatMap((id) => {
    const t = ev.state.val.get(id);
    return t?.batched ? [{ id, t }] : [];
  });

  // Pin what the host reads, then place every other tensor by liveness.
  const pinned = [trainOut, evalOut, ...(inputGradT ? [inputGradT] : []), ...observedT.map((o) => o.t)];
  const { where, lower } = placeAll(env, { train: [train.calls, bwdCalls], eval: ev.calls }, pinned, addBuffer);
  const bufOf = (t: T) => where(t)!.buffer;
  const actFloats = buffers.filter((b) => b.name.startsWith('train.') || b.name.startsWith('eval.')).reduce((a, b) => a + b.size, 0);

  return {
    maxBatch: opts.maxBatch,
    inputLen,
    outputLen: io.outputLen,
    targetLen: io.targetLen,
    perToken: opts.loss.kind === 'cross_entropy' && io.rows > 1,
    lossOnLogits: io.onLogits,
    buffers,
    params,
    paramsBuffer: pb.params,
    gradsBuffer: pb.grads,
    stateBuffer: pb.state,
    x: xBuf,
    target: targetBuf,
    lossLog,
    lossWindow: LOSS_WINDOW,
    trainOutput: bufOf(trainOut),
    evalOutput: bufOf(evalOut),
    inputGrad: inputGradT ? bufOf(inputGradT) : null,
    observed: observedT.map(({ id, t }) => ({ node: id, layer: nodes[id]!.layer, ...where(t)!, len: t.len })),
    pruneMask: prune?.mask ?? null,
    softTargets: opts.distill ? opts.maxBatch : null,
    programs: {
      forward: lower(train.calls),
      backward: [...lower(bwdCalls), ...(prune?.grads ?? [])],
      update: [...upd, ...(prune?.weights ?? [])],
      eval: lower(ev.calls),
    },
    stats: { activationFloats: actFloats, paramFloats: layout.trainableSize + layout.stateSize, trainableParams: layout.trainableCount },
  };
}

/** Parameters in their plan buffers, with a tensor per parameter and per trainable gradient. */
function bindParams(env: TensorTable, layout: ParamLayout, pb: { params: number; grads: number; state: number }) {
  const params: ParamEntry[] = layout.entries.map((e) => ({ ...e, buffer: e.trainable ? pb.params : pb.state }));
  const paramT = new Map<number, T>();
  const gradT = new Map<number, T>();
  for (const e of params) {
    paramT.set(e.node, env.fixedT(e.size, false, e.buffer, e.offset));
    if (e.trainable) gradT.set(e.node, env.fixedT(e.size, false, pb.grads, e.offset));
  }
  return { params, paramT, gradT };
}

/** The input, target and loss-log buffers, and their tensors (created in this order). */
function bindIO(
  env: TensorTable,
  graph: Graph,
  io: ReturnType<typeof lossTarget>,
  opts: CompileOptions,
  addBuffer: (name: string, size: number) => number,
) {
  const inputLen = numel(graph.inputShape);
  const xBuf = addBuffer('x', inputLen * opts.maxBatch);
  // Distillation: the teacher's logits follow the class indices in the target buffer.
  const targetPer = io.targetLen + (opts.distill ? io.outputLen : 0);
  const targetBuf = addBuffer('target', targetPer * opts.maxBatch);
  const lossLog = addBuffer('loss', LOSS_WINDOW + 1);
  const xT = env.fixedT(inputLen, true, xBuf, 0);
  const loss: ForwardInput['loss'] = {
    node: io.lossNode.id,
    target: env.fixedT(targetPer, true, targetBuf, 0),
    log: env.fixedT(LOSS_WINDOW + 1, false, lossLog, 0),
    p: lossParams(opts.loss, io.rowLen, io.rows),
  };
  return { inputLen, xBuf, targetBuf, lossLog, xT, loss };
}

/** Which node the loss reads. Cross-entropy on a softmax output, or binary cross-entropy on a
 *  sigmoid output, is computed from the logits before it: the same value, numerically stable,
 *  one fused gradient. */
function lossTarget(graph: Graph, opts: CompileOptions) {
  const out: GraphNode = graph.nodes[graph.output]!;
  const ce = opts.loss.kind === 'cross_entropy';
  const onLogits =
    (ce && out.op.kind === 'softmax') ||
    (opts.loss.kind === 'binary_cross_entropy' && !opts.loss.logits && out.op.kind === 'activation' && out.op.fn === 'sigmoid');
  const outputLen = numel(out.shape);
  // A [T, V] output under cross-entropy is per token: T rows of V logits, a target per row.
  const rows = ce ? perTokenRows(out.shape) : 1;
  const targetLen = ce ? rows : outputLen;
  return { out, onLogits, lossNode: onLogits ? graph.nodes[out.inputs[0]!]! : out, outputLen, targetLen, rows, rowLen: outputLen / rows };
}

/** The train loss of a distilled run: cross-entropy's class term plus the teacher's soft targets. */
function distillParams(ce: ParamsOf<'loss_fwd'>, d: NonNullable<CompileOptions['distill']>, maxBatch: number): ParamsOf<'loss_fwd'> {
  if (ce.kind !== LOSS.cross_entropy || (ce.rows ?? 1) > 1)
    throw new Error('distillation needs loss: cross_entropy on one row of classes per example');
  return { ...ce, kind: LOSS.distill, temperature: d.temperature, alpha: d.alpha, soft: maxBatch };
}

/** Cross-entropy rows per sample: T for a [T, V] output, else 1. */
export function perTokenRows(shape: readonly number[]): number {
  return shape.length === 2 ? shape[0]! : 1;
}

function lossParams(loss: LossSpec, d: number, rows: number): ParamsOf<'loss_fwd'> {
  switch (loss.kind) {
    case 'cross_entropy':
      return { kind: LOSS.cross_entropy, d, smoothing: loss.labelSmoothing, ...(rows > 1 ? { rows } : {}) };
    case 'huber':
      return { kind: LOSS.huber, d, delta: loss.delta };
    case 'binary_cross_entropy':
      return {
        kind: LOSS.binary_cross_entropy,
        d,
        ...(loss.posWeight !== undefined && loss.posWeight !== 1 ? { pos_weight: loss.posWeight } : {}),
      };
    default:
      return { kind: LOSS[loss.kind], d };
  }
}
