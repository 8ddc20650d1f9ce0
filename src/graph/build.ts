// Builds the graph IR from resolved layers: shape inference and per-layer costs in one pass.
// A shape error stops the build at that layer; the layers before it keep their shapes so the
// editor can still show them.
import type { Graph, GraphNode, InitSpec, LayerInfo, Op, Shape, SourceRange } from './ir';
import type { ActivationSpec, LayerSpec, ModelSpec } from './layer-spec';
import { addClsToken, addPool } from './build-seq';
import { addSequenceLayer, isSequenceLayer } from './build-attention';
import { addRecurrent } from './build-recurrent';
import { numel, resolvePadding, shapeText, windowOutput } from './shapes';

export interface ShapeError {
  readonly range: SourceRange;
  readonly message: string;
}

export interface BuildResult {
  /** The graph; when `complete` is false it holds the layers before the first error. */
  readonly graph: Graph;
  readonly complete: boolean;
  readonly errors: readonly ShapeError[];
}

interface MutableLayer {
  index: number;
  kind: string;
  label: string;
  range: SourceRange;
  outputShape: Shape;
  params: number;
  flops: number;
  activationBytes: number;
  nodes: number[];
  parent: number;
  repetition?: number;
  detail?: string;
  failed: boolean;
}

export class ShapeFailure extends Error {
  constructor(
    readonly range: SourceRange,
    message: string,
  ) {
    super(message);
  }
}

const F32 = 4;
/** Keeps a typo like `repeat 1000 { repeat 1000 {` from freezing the editor (ops, and layers alike). */
export const MAX_GRAPH_NODES = 200_000;
/** Parameters of one model, trainable or not (16 GiB of f32): keeps every count finite. */
export const MAX_PARAMS = 2 ** 32;

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  /** The input node when it holds token ids (the padding masks of attention and pool read it), else -1. */
  tokens = -1;
  readonly layers: MutableLayer[] = [];
  private readonly counters = new Map<string, number>();
  private current: MutableLayer | null = null;
  private paramCount = 0;

  addNode(op: Op, inputs: number[], shape: Shape): number {
    const id = this.nodes.length;
    const layer = this.current;
    if (id >= MAX_GRAPH_NODES && layer)
      throw new ShapeFailure(layer.range, `the model has more than ${MAX_GRAPH_NODES.toLocaleString('en-US')} ops; make it smaller`);
    if (op.kind === 'param' && layer) {
      this.paramCount += numel(shape);
      if (this.paramCount > MAX_PARAMS)
        throw new ShapeFailure(
          layer.range,
          `the model passes ${MAX_PARAMS.toLocaleString('en-US')} (2^32) parameters at this layer; make it smaller`,
        );
    }
    this.nodes.push({ id, op, inputs, shape, layer: layer ? layer.index : -1 });
    if (layer) {
      layer.nodes.push(id);
      if (op.kind === 'param') layer.params += op.trainable ? numel(shape) : 0;
      else layer.activationBytes += F32 * numel(shape);
    }
    return id;
  }

  addParam(
    prefix: string,
    name: string,
    shape: Shape,
    init: InitSpec,
    fans: [number, number],
    opts: { trainable?: boolean; decay?: boolean } = {},
  ): number {
    const op: Op = {
      kind: 'param',
      name: `${prefix}.${name}`,
      init,
      fanIn: fans[0],
      fanOut: fans[1],
      trainable: opts.trainable ?? true,
      decay: opts.decay ?? false,
    };
    return this.addNode(op, [], shape);
  }

  shapeOf(id: number): Shape {
    return this.nodes[id].shape;
  }

  /** Runs `body` as layer `spec`; nested layers (residual, repeat) get this one as parent. */
  layer(spec: LayerSpec, repetition: number | undefined, body: (prefix: string) => number): number {
    if (this.layers.length >= MAX_GRAPH_NODES)
      throw new ShapeFailure(spec.range, `the model has more than ${MAX_GRAPH_NODES.toLocaleString('en-US')} layers; make it smaller`);
    const count = (this.counters.get(spec.kind) ?? 0) + 1;
    this.counters.set(spec.kind, count);
    const parent = this.current;
    const layer: MutableLayer = {
      index: this.layers.length,
      kind: spec.kind,
      label: spec.label,
      range: spec.range,
      outputShape: [],
      params: 0,
      flops: 0,
      activationBytes: 0,
      nodes: [],
      parent: parent ? parent.index : -1,
      failed: true,
      ...(repetition !== undefined ? { repetition } : {}),
    };
    this.layers.push(layer);
    this.current = layer;
    try {
      const out = body(`${spec.kind}_${count}`);
      layer.outputShape = this.shapeOf(out);
      layer.failed = false;
      return out;
    } finally {
      this.current = parent;
      if (parent && !layer.failed) {
        parent.params += layer.params;
        parent.flops += layer.flops;
        parent.activationBytes += layer.activationBytes;
      }
    }
  }

  addFlops(flops: number): void {
    if (this.current) this.current.flops += flops;
  }

  /** The current layer's detail line for the diagram (LayerInfo.detail). */
  describe(detail: string): void {
    if (this.current) this.current.detail = detail;
  }

  /** f32 bytes per sample a layer keeps for backward beyond its nodes' outputs (recurrent gates). */
  addSavedBytes(bytes: number): void {
    if (this.current) this.current.activationBytes += bytes;
  }
}

export function buildGraph(model: ModelSpec): BuildResult {
  const builder = new GraphBuilder();
  const input = builder.addNode({ kind: 'input' }, [], model.inputShape);
  if (model.inputKind === 'tokens') builder.tokens = input;
  let output = input;
  const errors: ShapeError[] = [];
  try {
    output = addLayers(builder, model.layers, input, undefined);
  } catch (error) {
    if (!(error instanceof ShapeFailure)) throw error;
    errors.push({ range: error.range, message: error.message });
    output = lastActivation(builder.nodes);
  }
  const graph = finish(model, builder, input, output);
  return { graph, complete: errors.length === 0, errors };
}

function lastActivation(nodes: readonly GraphNode[]): number {
  for (let i = nodes.length - 1; i > 0; i--) if (nodes[i].op.kind !== 'param') return i;
  return 0;
}

function addLayers(builder: GraphBuilder, specs: readonly LayerSpec[], x: number, repetition: number | undefined): number {
  let out = x;
  for (const spec of specs) out = builder.layer(spec, repetition, (prefix) => addLayer(builder, spec, out, prefix));
  return out;
}

export function fail(spec: LayerSpec, message: string): never {
  throw new ShapeFailure(spec.range, message);
}

function addLayer(b: GraphBuilder, spec: LayerSpec, x: number, prefix: string): number {
  const shape = b.shapeOf(x);
  if (x === b.tokens && spec.kind !== 'embedding' && spec.kind !== 'residual' && spec.kind !== 'repeat')
    fail(spec, `a token input into a${/^[aeiou]/.test(spec.kind) ? 'n' : ''} ${spec.kind} layer: start with embedding VOCAB DIM`);
  if (isSequenceLayer(spec)) return addSequenceLayer(b, spec, x, prefix);
  switch (spec.kind) {
    case 'dense': {
      // On a sequence [T, K] (conventions point 2) dense is the per-token head: [T, units].
      if (shape.length !== 1 && shape.length !== 2)
        fail(spec, `${spec.label} got ${shapeText(shape)} but needs a vector [features]; add 'flatten' (or 'global_avgpool') before it`);
      const k = shape[shape.length - 1]!,
        outShape = [...shape.slice(0, -1), spec.units];
      const w = b.addParam(prefix, 'weight', [k, spec.units], spec.init, [k, spec.units], { decay: true });
      let out = b.addNode({ kind: 'matmul' }, [x, w], outShape);
      b.addFlops(numel(outShape) * k);
      if (spec.bias)
        out = b.addNode(
          { kind: 'bias_add', axis: outShape.length - 1 },
          [out, b.addParam(prefix, 'bias', [spec.units], spec.biasInit, [k, spec.units])],
          outShape,
        );
      return spec.activation ? addActivation(b, spec.activation, out) : out;
    }
    case 'conv2d': {
      const [c, h, w] = requireImage(spec, shape);
      const [kh, kw] = spec.kernel;
      const pad = resolvePadding(h, w, spec.kernel, spec.stride, spec.pad);
      const oh = windowOutput(h, kh, spec.stride[0], pad[0], pad[2]);
      const ow = windowOutput(w, kw, spec.stride[1], pad[1], pad[3]);
      if (oh < 1 || ow < 1)
        fail(spec, `${spec.label}: its ${kh}×${kw} kernel does not fit its input ${shapeText(shape)}; use pad same or a smaller kernel`);
      const fans: [number, number] = [c * kh * kw, spec.filters * kh * kw];
      const weight = b.addParam(prefix, 'weight', [spec.filters, c, kh, kw], spec.init, fans, { decay: true });
      const outShape = [spec.filters, oh, ow];
      let out = b.addNode({ kind: 'conv2d', kernel: spec.kernel, stride: spec.stride, pad }, [x, weight], outShape);
      b.addFlops(numel(outShape) * c * kh * kw);
      if (spec.bias)
        out = b.addNode({ kind: 'bias_add', axis: 0 }, [out, b.addParam(prefix, 'bias', [spec.filters], spec.biasInit, fans)], outShape);
      return spec.activation ? addActivation(b, spec.activation, out) : out;
    }
    case 'maxpool':
    case 'avgpool': {
      const [c, h, w] = requireImage(spec, shape);
      const pad = resolvePadding(h, w, spec.kernel, spec.stride, spec.pad);
      const oh = windowOutput(h, spec.kernel[0], spec.stride[0], pad[0], pad[2]);
      const ow = windowOutput(w, spec.kernel[1], spec.stride[1], pad[1], pad[3]);
      if (oh < 1 || ow < 1)
        fail(spec, `${spec.label}: its ${spec.kernel[0]}×${spec.kernel[1]} window does not fit its input ${shapeText(shape)}`);
      const kind = spec.kind === 'maxpool' ? 'maxpool2d' : 'avgpool2d';
      return b.addNode({ kind, kernel: spec.kernel, stride: spec.stride, pad }, [x], [c, oh, ow]);
    }
    case 'global_avgpool': {
      const [c] = requireImage(spec, shape);
      return b.addNode({ kind: 'global_avgpool' }, [x], [c]);
    }
    case 'flatten':
      return b.addNode({ kind: 'reshape' }, [x], [numel(shape)]);
    case 'dropout':
      return b.addNode({ kind: 'dropout', p: spec.p }, [x], shape);
    case 'batchnorm': {
      if (shape.length !== 1 && shape.length !== 3)
        fail(spec, `${spec.label} got ${shapeText(shape)} but needs [features] or [channels, height, width]`);
      const c = shape[0];
      const gamma = b.addParam(prefix, 'weight', [c], { kind: 'ones' }, [c, c]);
      const beta = b.addParam(prefix, 'bias', [c], { kind: 'zeros' }, [c, c]);
      const mean = b.addParam(prefix, 'running_mean', [c], { kind: 'zeros' }, [c, c], { trainable: false });
      const variance = b.addParam(prefix, 'running_var', [c], { kind: 'ones' }, [c, c], { trainable: false });
      return b.addNode({ kind: 'batchnorm', eps: spec.eps, momentum: spec.momentum }, [x, gamma, beta, mean, variance], shape);
    }
    case 'layernorm': {
      const d = shape[shape.length - 1] ?? 1;
      const gamma = b.addParam(prefix, 'weight', [d], { kind: 'ones' }, [d, d]);
      const beta = b.addParam(prefix, 'bias', [d], { kind: 'zeros' }, [d, d]);
      return b.addNode({ kind: 'layernorm', eps: spec.eps }, [x, gamma, beta], shape);
    }
    case 'pool':
      return addPool(b, spec, x, (m) => fail(spec, m));
    case 'cls_token':
      return addClsToken(b, spec, x, prefix, (m) => fail(spec, m));
    case 'activation':
      return addActivation(b, spec.activation, x);
    case 'rnn':
    case 'lstm':
    case 'gru':
      return addRecurrent(b, spec, x, prefix, (message) => fail(spec, message));
    case 'residual': {
      const out = addLayers(b, spec.body, x, undefined);
      const outShape = b.shapeOf(out);
      if (shapeText(outShape) !== shapeText(shape)) {
        fail(
          spec,
          `residual: its body ends with ${shapeText(outShape)} but its input is ${shapeText(shape)}; the two must match to be added`,
        );
      }
      return b.addNode({ kind: 'add' }, [x, out], shape);
    }
    case 'repeat': {
      let out = x;
      if (spec.body.length === 0) return out; // nothing to repeat: no loop over `times`
      for (let r = 0; r < spec.times; r++) out = addLayers(b, spec.body, out, r);
      return out;
    }
  }
}

function requireImage(spec: LayerSpec, shape: Shape): [number, number, number] {
  if (shape.length !== 3) fail(spec, `${spec.label} got ${shapeText(shape)} but needs an image [channels, height, width]`);
  return [shape[0], shape[1], shape[2]];
}

export function addActivation(b: GraphBuilder, activation: ActivationSpec, x: number): number {
  const shape = b.shapeOf(x);
  if (activation.fn === 'softmax') return b.addNode({ kind: 'softmax' }, [x], shape);
  const op: Op =
    activation.alpha === undefined
      ? { kind: 'activation', fn: activation.fn }
      : { kind: 'activation', fn: activation.fn, alpha: activation.alpha };
  return b.addNode(op, [x], shape);
}

/** Drops layers that failed, renumbers the rest, and computes the totals. */
function finish(model: ModelSpec, builder: GraphBuilder, input: number, output: number): Graph {
  const renumber = new Map<number, number>();
  builder.layers.forEach((layer) => {
    if (!layer.failed) renumber.set(layer.index, renumber.size);
  });
  // The nearest kept ancestor, renumbered; one step per layer (a parent comes before its children),
  // not a walk per layer: a failure 64 levels deep would make that walk 64 × 200,000 steps.
  const keptAncestor = new Int32Array(builder.layers.length);
  builder.layers.forEach((layer, i) => {
    keptAncestor[i] = renumber.has(i) ? (renumber.get(i) as number) : layer.parent === -1 ? -1 : keptAncestor[layer.parent];
  });
  const parentOf = (index: number): number => (index === -1 ? -1 : keptAncestor[index]);
  const layers: LayerInfo[] = builder.layers
    .filter((layer) => !layer.failed)
    .map(({ failed: _failed, ...layer }) => ({ ...layer, index: renumber.get(layer.index) as number, parent: parentOf(layer.parent) }));
  const nodes = builder.nodes.map((node) => ({ ...node, layer: node.layer === -1 ? -1 : parentOf(node.layer) }));
  const topLevel = layers.filter((layer) => layer.parent === -1);
  const nonTrainable = nodes.reduce((sum, n) => sum + (n.op.kind === 'param' && !n.op.trainable ? numel(n.shape) : 0), 0);
  const totals = {
    params: topLevel.reduce((sum, l) => sum + l.params, 0),
    nonTrainable,
    flops: topLevel.reduce((sum, l) => sum + l.flops, 0),
    activationBytes: topLevel.reduce((sum, l) => sum + l.activationBytes, 0),
  };
  const inputKind = model.inputKind ?? 'values';
  return { name: model.name, range: model.range, inputShape: model.inputShape, inputKind, nodes, input, output, layers, totals };
}
