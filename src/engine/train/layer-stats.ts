// Live layer statistics for the architecture diagram: how each layer's output is distributed over
// a fixed probe batch (mean and std, eval mode) and how large its gradient and weights are (L2
// norms over its trainable parameters, gradients from the last training step). The plan is
// compiled with `observe` (each layer's output node keeps a buffer of its own in the eval
// program), so a snapshot is one eval run of the probe batch and a few reads, on any backend.

import type { Graph } from '../../graph/ir';
import { newRuntime } from '../backend';
import { type Dataset, fillBatch } from '../data/dataset';
import type { Executable } from '../plan/executable';

export interface LayerStat {
  /** Index into Graph.layers (the diagram's node.layer). */
  readonly layer: number;
  /** The graph node whose output was measured. */
  readonly node: number;
  readonly mean: number;
  readonly std: number;
  /** L2 norm of the layer's trainable parameters' gradients; null when it has none. */
  readonly gradNorm: number | null;
  readonly weightNorm: number | null;
  /** A pruned run's layers with dense or conv weights: their share of exact zeros (absent otherwise). */
  readonly sparsity?: number;
}

export interface LayerStats {
  /** Training steps done when the snapshot was taken. */
  readonly step: number;
  readonly epoch: number;
  /** Examples in the probe batch. */
  readonly samples: number;
  readonly layers: readonly LayerStat[];
}

/**
 * Each layer's output node: the last non-parameter node the layer adds itself (a dense layer's
 * activation, a residual block's add), in layer order. A layer made only of other layers
 * (repeat) has none.
 */
export function layerOutputs(graph: Graph): number[] {
  const last = new Map<number, number>();
  for (const n of graph.nodes) if (n.layer >= 0 && n.op.kind !== 'param' && n.op.kind !== 'input') last.set(n.layer, n.id);
  return [...last.entries()].sort((a, b) => a[0] - b[0]).map(([, node]) => node);
}

interface Segment {
  readonly offset: number;
  readonly size: number;
}

/** Takes snapshots of a plan compiled with `observe: layerOutputs(graph)`. */
export class LayerInspector {
  private readonly xs: Float32Array;
  private readonly ts: Float32Array;
  private readonly n: number;
  private readonly params: Map<number, Segment[]>;
  /** Pruned runs only: each layer's dense and conv weights. */
  private readonly pruned = new Map<number, Segment[]>();

  /** probe: its first maxBatch examples are the fixed batch every snapshot measures. */
  constructor(
    private readonly exe: Executable,
    graph: Graph,
    probe: Dataset,
    oneHot: number,
  ) {
    const plan = exe.plan;
    if (plan.observed.length === 0) throw new Error('layer statistics need a plan compiled with `observe`');
    this.n = Math.min(plan.maxBatch, probe.size);
    this.xs = new Float32Array(plan.maxBatch * plan.inputLen);
    this.ts = new Float32Array(plan.maxBatch * plan.targetLen);
    fillBatch(
      probe,
      new Uint32Array(this.n).map((_, i) => i),
      0,
      this.n,
      this.xs,
      this.ts,
      oneHot,
    );
    this.params = new Map();
    for (const e of plan.params) {
      if (!e.trainable) continue;
      const layer = graph.nodes[e.node]!.layer;
      this.params.set(layer, [...(this.params.get(layer) ?? []), { offset: e.offset, size: e.size }]);
      if (plan.pruneMask !== null && e.decay)
        this.pruned.set(layer, [...(this.pruned.get(layer) ?? []), { offset: e.offset, size: e.size }]);
    }
  }

  /**
   * Runs the eval program on the probe batch and reads the observed outputs, the gradients and
   * the weights. Call between training steps: it overwrites the x and target buffers and the eval
   * slot of the loss log, which the next step (or evaluation) rewrites before reading.
   */
  async snapshot(step: number, epoch: number): Promise<LayerStats> {
    const { exe, n } = this,
      plan = exe.plan,
      be = exe.backend;
    exe.writeBatch(this.xs, this.ts);
    const rt = newRuntime();
    rt.n = n;
    rt.lossSlot = plan.lossWindow;
    exe.evaluate.run(rt);
    const [grads, weights, ...outs] = await Promise.all([
      be.read(exe.handle(plan.gradsBuffer)),
      be.read(exe.handle(plan.paramsBuffer)),
      ...plan.observed.map((o) => be.read(exe.handle(o.buffer), o.offset, n * o.len)),
    ]);
    const layers = plan.observed.map((o, i): LayerStat => {
      const { mean, std } = meanStd(outs[i]!);
      const segs = this.params.get(o.layer);
      return {
        layer: o.layer,
        node: o.node,
        mean,
        std,
        gradNorm: segs ? l2(grads!, segs) : null,
        weightNorm: segs ? l2(weights!, segs) : null,
        ...(this.pruned.has(o.layer) ? { sparsity: zeroShare(weights!, this.pruned.get(o.layer)!) } : {}),
      };
    });
    return { step, epoch, samples: n, layers };
  }
}

/** Mean and population standard deviation, accumulated in doubles (two passes: no cancellation). */
export function meanStd(v: Float32Array): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const mean = s / Math.max(1, v.length);
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(q / Math.max(1, v.length)) };
}

function l2(v: Float32Array, segments: readonly Segment[]): number {
  let q = 0;
  for (const { offset, size } of segments) for (let i = offset; i < offset + size; i++) q += v[i]! * v[i]!;
  return Math.sqrt(q);
}

function zeroShare(v: Float32Array, segments: readonly Segment[]): number {
  let zeros = 0,
    n = 0;
  for (const { offset, size } of segments) {
    n += size;
    for (let i = offset; i < offset + size; i++) if (v[i] === 0) zeros++;
  }
  return n > 0 ? zeros / n : 0;
}
