// The op table: one entry per graph op, each turning one IR node into ONNX nodes (opset 17) and
// returning the ONNX value that holds its output. An op without an entry is an error naming its
// layer (export.ts), never a broken file. Eval-mode semantics: dropout is gone (an alias of its
// input) and batchnorm uses its running statistics.
//
// The sequence layers (issue #15) are ops-seq.ts's entries (recurrent ones in ops-rnn.ts), spread in.
import type { Graph, GraphNode, Op, OpKind } from '../../graph/ir';
import { defaultAlpha } from '../../engine/autodiff/rules';
import { attr, type OnnxGraphBuilder } from './builder';
import { ONNX_SEQ_OPS } from './ops-seq';

export interface OpContext {
  readonly node: GraphNode;
  readonly graph: Graph;
  readonly b: OnnxGraphBuilder;
  /** The ONNX value of the node's i-th input. */
  input(i: number): string;
  /** A node name inside this node's layer: `dense_1.matmul`. */
  name(suffix: string): string;
  /** The one node that reads this node's output, if exactly one does. */
  soleConsumer(): GraphNode | null;
  /** Another IR node is computed by this entry: its output is `value`. */
  alias(node: number, value: string): void;
}

export type OpExport = (c: OpContext) => string;

const ACTIVATIONS: Record<string, string> = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', leaky_relu: 'LeakyRelu', elu: 'Elu' };

/** The node's op, typed by its entry's kind. */
function op<K extends OpKind>(c: OpContext, kind: K): Extract<Op, { kind: K }> {
  if (c.node.op.kind !== kind) throw new Error(`the ${kind} entry got a ${c.node.op.kind} node`);
  return c.node.op as Extract<Op, { kind: K }>;
}

/** Per-sample shape of the node's i-th input. */
const inShape = (c: OpContext, i: number) => c.graph.nodes[c.node.inputs[i]!]!.shape;

function window(op: { kernel: readonly number[]; stride: readonly number[]; pad: readonly number[] }) {
  // The IR's pad is [top, left, bottom, right]: ONNX's [h_begin, w_begin, h_end, w_end].
  return [attr.ints('kernel_shape', op.kernel), attr.ints('strides', op.stride), attr.ints('pads', op.pad)];
}

/** gelu(x) = 0.5 · x · (1 + erf(x / √2)): opset 17 has no Gelu operator (it came in opset 20). */
function gelu(c: OpContext): string {
  const x = c.input(0);
  const half = c.b.floatInitializer(c.name('gelu.half'), [], Float32Array.of(0.5));
  const one = c.b.floatInitializer(c.name('gelu.one'), [], Float32Array.of(1));
  const invSqrt2 = c.b.floatInitializer(c.name('gelu.inv_sqrt2'), [], Float32Array.of(Math.SQRT1_2));
  const scaled = c.b.node('Mul', c.name('gelu.scale'), [x, invSqrt2]);
  const erf = c.b.node('Erf', c.name('gelu.erf'), [scaled]);
  const plus = c.b.node('Add', c.name('gelu.add'), [erf, one]);
  const times = c.b.node('Mul', c.name('gelu.mul'), [x, plus]);
  return c.b.node('Mul', c.name('gelu'), [times, half]);
}

export const ONNX_OPS: Partial<Record<OpKind, OpExport>> = {
  matmul: (c) => {
    // transposeB: W is stored [N, K] (PyTorch's Linear layout), as Gemm's transB would read it.
    const w = op(c, 'matmul').transposeB
      ? c.b.node('Transpose', c.name('weight_t'), [c.input(1)], [attr.ints('perm', [1, 0])])
      : c.input(1);
    return c.b.node('MatMul', c.name('matmul'), [c.input(0), w]);
  },
  bias_add: (c) => {
    const trailing = inShape(c, 0).length - 1 - op(c, 'bias_add').axis;
    // Broadcast along `axis` of the sample: [C] -> [C, 1, 1] for images, as is for the last axis.
    const b =
      trailing === 0
        ? c.input(1)
        : c.b.node('Unsqueeze', c.name('bias_add.unsqueeze'), [
            c.input(1),
            c.b.int64Initializer(
              c.name('bias_add.axes'),
              Array.from({ length: trailing }, (_, k) => k + 1),
            ),
          ]);
    return c.b.node('Add', c.name('bias_add'), [c.input(0), b]);
  },
  conv2d: (c) => {
    // A conv followed by its bias is one Conv with a B input, as PyTorch exports it.
    const next = c.soleConsumer();
    const bias = next && next.op.kind === 'bias_add' && next.op.axis === 0 ? next : null;
    const inputs = [c.input(0), c.input(1)];
    if (bias) inputs.push(paramName(c, bias, 1));
    const out = c.b.node('Conv', c.name('conv'), inputs, [
      ...window(op(c, 'conv2d')),
      attr.ints('dilations', [1, 1]),
      attr.int('group', 1),
    ]);
    if (bias) c.alias(bias.id, out);
    return out;
  },
  maxpool2d: (c) => c.b.node('MaxPool', c.name('maxpool'), [c.input(0)], window(op(c, 'maxpool2d'))),
  // Padding counts in the divisor, as in the engine and PyTorch's count_include_pad=True.
  avgpool2d: (c) =>
    c.b.node('AveragePool', c.name('avgpool'), [c.input(0)], [...window(op(c, 'avgpool2d')), attr.int('count_include_pad', 1)]),
  global_avgpool: (c) => c.b.node('ReduceMean', c.name('mean'), [c.input(0)], [attr.ints('axes', [2, 3]), attr.int('keepdims', 0)]),
  reshape: (c) =>
    c.node.shape.length === 1
      ? c.b.node('Flatten', c.name('flatten'), [c.input(0)], [attr.int('axis', 1)])
      : c.b.node('Reshape', c.name('reshape'), [c.input(0), c.b.int64Initializer(c.name('shape'), [-1, ...c.node.shape])]),
  dropout: (c) => c.input(0),
  batchnorm: (c) => {
    const { eps, momentum } = op(c, 'batchnorm');
    // ONNX's momentum weighs the old statistic (PyTorch's weighs the new one); eval mode ignores it.
    const inputs = [0, 1, 2, 3, 4].map((i) => c.input(i));
    return c.b.node('BatchNormalization', c.name('batchnorm'), inputs, [attr.float('epsilon', eps), attr.float('momentum', 1 - momentum)]);
  },
  layernorm: (c) => {
    const { eps } = op(c, 'layernorm');
    return c.b.node(
      'LayerNormalization',
      c.name('layernorm'),
      [c.input(0), c.input(1), c.input(2)],
      [attr.int('axis', -1), attr.float('epsilon', eps)],
    );
  },
  activation: (c) => {
    const { fn, alpha } = op(c, 'activation');
    if (fn === 'gelu') return gelu(c);
    const attrs = fn === 'leaky_relu' || fn === 'elu' ? [attr.float('alpha', alpha ?? defaultAlpha(fn))] : [];
    return c.b.node(ACTIVATIONS[fn]!, c.name(fn), [c.input(0)], attrs);
  },
  softmax: (c) => c.b.node('Softmax', c.name('softmax'), [c.input(0)], [attr.int('axis', -1)]),
  add: (c) => c.b.node('Add', c.name('add'), [c.input(0), c.input(1)]),
  ...ONNX_SEQ_OPS,
};

/** The initializer of `node`'s i-th input, a parameter (for an entry that takes over a later node). */
function paramName(c: OpContext, node: GraphNode, i: number): string {
  const param = c.graph.nodes[node.inputs[i]!]!;
  if (param.op.kind !== 'param') throw new Error(`input ${i} of node ${node.id} is not a parameter`);
  return param.op.name;
}
