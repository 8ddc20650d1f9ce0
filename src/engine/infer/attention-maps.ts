// Attention weights of a trained model for one example: every attention layer's softmax(QKᵀ/√d)
// per head, [H, T, T] (query rows, key columns), as the model computes them in evaluation mode
// (dropout off, causal and padding masks on). The plan is compiled with `observe` on the
// attn_scores nodes, so their outputs keep buffers of their own and one eval run gives them all.
import type { Graph } from '../../graph/ir';
import type { LossSpec } from '../../graph/train-config';
import { newRuntime, type Backend } from '../backend';
import { CpuBackend } from '../backends/cpu/index';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import type { NamedTensors } from '../train/types';

export interface AttentionLayer {
  /** The attn_scores node in the graph. */
  readonly node: number;
  /** Index into Graph.layers of the attention or transformer line it belongs to. */
  readonly layer: number;
  /** "transformer 1 (repeat 2)": how the report names it. */
  readonly name: string;
  readonly heads: number;
  readonly causal: boolean;
  /** Sequence length: each head's map is T × T. */
  readonly t: number;
}

/** The model's attention layers in graph order; empty for a model without attention. */
export function attentionLayers(graph: Graph): AttentionLayer[] {
  const out: AttentionLayer[] = [];
  for (const n of graph.nodes) {
    if (n.op.kind !== 'attn_scores') continue;
    const info = graph.layers[n.layer];
    const rep = info?.repetition !== undefined ? ` (repeat ${info.repetition + 1})` : '';
    out.push({
      node: n.id,
      layer: n.layer,
      name: `${info?.kind ?? 'attention'} ${out.length + 1}${rep}`,
      heads: n.op.heads,
      causal: n.op.causal,
      t: n.shape[1]!,
    });
  }
  return out;
}

/** Computes maps for examples of one model; dispose() frees the backend. */
export class AttentionProbe {
  readonly layers: readonly AttentionLayer[];
  private readonly exe: Executable;

  constructor(graph: Graph, weights: NamedTensors, loss: LossSpec, backend: Backend = new CpuBackend()) {
    this.layers = attentionLayers(graph);
    if (this.layers.length === 0) throw new Error(`model '${graph.name}' has no attention layer`);
    const plan = compilePlan(graph, {
      maxBatch: 1,
      loss,
      optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
      weightDecay: 0,
      l1: 0,
      clipNorm: null,
      observe: this.layers.map((l) => l.node),
    });
    this.exe = new Executable(plan, backend);
    this.exe.writeWeights(this.exe.flat(weights));
  }

  /** One example's input (inputLen values: token ids) -> per layer, [H * T * T] weights. */
  async maps(input: ArrayLike<number>): Promise<Float32Array[]> {
    const { plan, backend } = this.exe;
    const x = new Float32Array(plan.inputLen);
    x.set(Array.from(input).slice(0, plan.inputLen));
    this.exe.writeBatch(x, new Float32Array(plan.targetLen));
    const rt = newRuntime();
    rt.n = 1;
    rt.lossSlot = plan.lossWindow;
    this.exe.evaluate.run(rt);
    const byNode = new Map(plan.observed.map((o) => [o.node, o]));
    return Promise.all(
      this.layers.map((l) => {
        const o = byNode.get(l.node);
        if (!o) throw new Error(`attention node ${l.node} was not kept by the plan`);
        return backend.read(this.exe.handle(o.buffer), o.offset, o.len);
      }),
    );
  }

  dispose(): void {
    this.exe.backend.dispose();
  }
}
