// The check every export gets: the .onnx runs in onnxruntime-web on a batch of inputs, and its
// outputs are compared with the engine's own eval-mode forward pass of the same weights on the CPU
// backend (the executable specification). Above TOLERANCE the export has failed.
import type { Graph } from '../../graph/ir';
import { CpuBackend } from '../../engine/backends/cpu/index';
import { newRuntime } from '../../engine/backend';
import { compilePlan } from '../../engine/plan/compile';
import { Executable } from '../../engine/plan/executable';
import type { NamedTensors } from '../../engine/train/types';
import { runOnnx } from './ort-node';

export const TOLERANCE = 1e-4;

export interface Verification {
  /** Largest |onnx - engine| over every output value of the batch. */
  readonly maxAbsDiff: number;
  readonly samples: number;
  readonly ok: boolean;
}

/** The engine's eval-mode outputs of `n` samples `x` ([n, outputLen], flat). */
export async function engineOutputs(graph: Graph, weights: NamedTensors, x: Float32Array, n: number): Promise<Float32Array> {
  const plan = compilePlan(graph, {
    maxBatch: n,
    loss: { kind: 'mse' }, // any loss: the eval program's output is the model's, before the loss
    optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
    weightDecay: 0,
    l1: 0,
    clipNorm: null,
  });
  const exe = new Executable(plan, new CpuBackend());
  try {
    exe.writeWeights(exe.flat(weights));
    exe.writeBatch(x, new Float32Array(n * plan.targetLen));
    const rt = newRuntime();
    rt.n = n;
    rt.lossSlot = plan.lossWindow;
    exe.evaluate.run(rt);
    return await exe.backend.read(exe.handle(plan.evalOutput), 0, n * plan.outputLen);
  } finally {
    exe.backend.dispose();
  }
}

export async function verifyOnnx(
  model: Uint8Array,
  graph: Graph,
  weights: NamedTensors,
  x: Float32Array,
  n: number,
): Promise<Verification> {
  const tokens = graph.inputKind === 'tokens';
  if (tokens) checkTokenIds(graph, x);
  const [onnx, engine] = await Promise.all([runOnnx(model, x, n, graph.inputShape, tokens), engineOutputs(graph, weights, x, n)]);
  if (onnx.length !== engine.length) throw new Error(`onnxruntime gave ${onnx.length} output values, the engine ${engine.length}`);
  let maxAbsDiff = 0;
  for (let i = 0; i < onnx.length; i++) {
    const d = Math.abs(onnx[i]! - engine[i]!);
    // A non-finite output (even on both sides) is no match: such weights are not a model to ship.
    maxAbsDiff = Number.isFinite(d) ? Math.max(maxAbsDiff, d) : Infinity;
  }
  return { maxAbsDiff, samples: n, ok: maxAbsDiff <= TOLERANCE };
}

/** A token model's vocabulary: the rows of its (first) embedding table. */
export function vocabularyOf(graph: Graph): number {
  const e = graph.nodes.find((n) => n.op.kind === 'embedding');
  return e ? graph.nodes[e.inputs[1]!]!.shape[0]! : 0;
}

/** A token model is checked on token ids, integers in [0, V): a float would test what no one feeds it. */
function checkTokenIds(graph: Graph, x: Float32Array): void {
  const V = vocabularyOf(graph);
  const bad = x.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= V);
  if (bad >= 0) throw new Error(`check input ${bad} is ${x[bad]}, not a token id in [0, ${V})`);
}
