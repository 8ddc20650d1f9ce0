// The exported script's nn.Module, written from the graph node by node (src/graph/ir.ts): one
// line of PyTorch per primitive op, grouped under the layer line the person wrote. Parameters
// keep Model Lab's names and layouts (a dense weight is [in, out]; attention, transformer and
// recurrent weights are PyTorch's own), so state_dict keys and shapes
// equal the run's weights and a safetensors file loads without renaming.
import type { Graph, GraphNode, Op } from '../../graph/ir';
import type { LossSpec } from '../../graph/train-config';
import { PytorchExportError } from './errors';

/** The node the loss reads: the input of a final softmax (cross-entropy) or sigmoid (BCE), as the plan folds them. */
export function lossNode(graph: Graph, loss: LossSpec): number {
  const out = graph.nodes[graph.output]!;
  const folds =
    (loss.kind === 'cross_entropy' && out.op.kind === 'softmax') ||
    (loss.kind === 'binary_cross_entropy' && !loss.logits && out.op.kind === 'activation' && out.op.fn === 'sigmoid');
  return folds ? out.inputs[0]! : graph.output;
}

const tuple = (a: readonly number[]): string => `(${a.join(', ')}${a.length === 1 ? ',' : ''})`;

/** The class Net: its parameter holders and its forward pass. */
export function modelPython(graph: Graph, loss: LossSpec): string {
  const holders = new Map<string, { params: string[]; buffers: string[] }>();
  for (const n of graph.nodes) {
    if (n.op.kind !== 'param') continue;
    const dot = n.op.name.lastIndexOf('.');
    const owner = n.op.name.slice(0, dot),
      field = n.op.name.slice(dot + 1);
    const h = holders.get(owner) ?? { params: [], buffers: [] };
    (n.op.trainable ? h.params : h.buffers).push(`${field}=${tuple(n.shape)}`);
    holders.set(owner, h);
  }
  // Dotted owners nest (transformer_1.self_attn.out_proj): every prefix is a module, parents first.
  for (const owner of [...holders.keys()])
    owner.split('.').forEach((_, i, parts) => {
      const prefix = parts.slice(0, i + 1).join('.');
      if (!holders.has(prefix)) holders.set(prefix, { params: [], buffers: [] });
    });
  const owners = [...holders.keys()].sort((a, b) => a.split('.').length - b.split('.').length);
  const init = owners.map((owner) => {
    const h = holders.get(owner)!;
    return `        self.${owner} = Params(dict(${h.params.join(', ')}), dict(${h.buffers.join(', ')}))`;
  });
  const ln = lossNode(graph, loss);
  const labels = graph.layers.map((l) => l.label);
  const body: string[] = [];
  let layer = -2;
  for (const n of graph.nodes) {
    if (n.op.kind === 'param' || n.op.kind === 'input') continue;
    if (n.layer !== layer) {
      layer = n.layer;
      body.push(`        # ${labels[n.layer] ?? 'output'}`);
    }
    body.push(`        ${v(graph, n.id)} = ${opPython(graph, n)}`);
  }
  const out = v(graph, graph.output),
    pre = v(graph, ln);
  return [
    'class Params(nn.Module):',
    '    """The tensors of one layer: trainable parameters and persistent state (batchnorm statistics)."""',
    '',
    '    def __init__(self, params, buffers):',
    '        super().__init__()',
    '        for name, shape in params.items():',
    '            setattr(self, name, nn.Parameter(torch.zeros(shape)))',
    '        for name, shape in buffers.items():',
    '            self.register_buffer(name, torch.zeros(shape))',
    '',
    '',
    'class Net(nn.Module):',
    `    """model ${graph.name}(${graph.inputKind === 'tokens' ? 'tokens' : 'input'} [${graph.inputShape.join(', ')}]):` +
      ` ${graph.totals.params} trainable parameters.`,
    '    forward(x, loss_input=True) returns what the loss reads (the logits before a final softmax or',
    '    sigmoid, which the loss folds in, as Model Lab does)."""',
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length ? init : ['        pass']),
    '',
    '    def forward(self, x, loss_input=False):',
    ...body,
    ln === graph.output ? `        return ${out}` : `        return ${pre} if loss_input else ${out}`,
    '',
  ].join('\n');
}

/** A node's value: x for the input, self.<name> for a parameter, h<id> for the rest. */
function v(graph: Graph, id: number): string {
  const n = graph.nodes[id]!;
  if (n.op.kind === 'input') return 'x';
  if (n.op.kind === 'param') return `self.${n.op.name}`;
  return `h${id}`;
}

function opPython(graph: Graph, n: GraphNode): string {
  const a = n.inputs.map((i) => v(graph, i));
  const inShape = graph.nodes[n.inputs[0]!]!.shape;
  const op: Op = n.op;
  const pad4 = (p: readonly number[]) => `(${p[1]}, ${p[3]}, ${p[0]}, ${p[2]})`; // F.pad: left, right, top, bottom
  const padded = (p: readonly number[], value = '') => (p.some((x) => x !== 0) ? `F.pad(${a[0]}, ${pad4(p)}${value})` : a[0]!);
  switch (op.kind) {
    case 'matmul':
      return op.transposeB ? `${a[0]} @ ${a[1]}.t()` : `${a[0]} @ ${a[1]}`;
    case 'bias_add': {
      const trail = inShape.length - 1 - op.axis;
      return trail > 0 ? `${a[0]} + ${a[1]}.view(-1${', 1'.repeat(trail)})` : `${a[0]} + ${a[1]}`;
    }
    case 'conv2d':
      return `F.conv2d(${padded(op.pad)}, ${a[1]}, stride=${tuple(op.stride)})`;
    case 'maxpool2d':
      return `F.max_pool2d(${padded(op.pad, ', value=-math.inf')}, ${tuple(op.kernel)}, ${tuple(op.stride)})`;
    case 'avgpool2d':
      if (op.pad.some((x) => x !== 0)) throw new PytorchExportError('avgpool with padding is not supported by the PyTorch export yet');
      return `F.avg_pool2d(${a[0]}, ${tuple(op.kernel)}, ${tuple(op.stride)})`;
    case 'global_avgpool':
      return `${a[0]}.mean(dim=(2, 3))`;
    case 'reshape':
      return `${a[0]}.reshape(-1, ${n.shape.join(', ')})`;
    case 'dropout':
      return `F.dropout(${a[0]}, ${op.p}, self.training)`;
    case 'batchnorm':
      return `F.batch_norm(${a[0]}, ${a[3]}, ${a[4]}, ${a[1]}, ${a[2]}, self.training, ${op.momentum}, ${op.eps})`;
    case 'layernorm':
      return `F.layer_norm(${a[0]}, (${inShape[inShape.length - 1]},), ${a[1]}, ${a[2]}, ${op.eps})`;
    case 'softmax':
      return `F.softmax(${a[0]}, dim=-1)`;
    case 'add':
      return `${a[0]} + ${a[1]}`;
    case 'embedding': {
      const vocab = graph.nodes[n.inputs[1]!]!.shape[0]!;
      return `F.embedding(token_rows(${a[0]}, ${vocab}), ${a[1]}${op.pad >= 0 ? `, padding_idx=${op.pad}` : ''})`;
    }
    case 'positional':
      return `${a[0]} + ${a[1]}[: ${inShape[0]}]`;
    case 'attn_scores':
      return `attn_scores(${a[0]}, ${op.heads}, ${op.causal ? 'True' : 'False'}${a[1] ? `, ${a[1]}, ${op.shift}` : ''})`;
    case 'attn_apply':
      return `attn_apply(${a[0]}, ${a[1]}, ${op.heads})`;
    case 'recurrent':
      return `recurrent(${a[0]}, "${op.cell}", ${op.hidden}, ${op.dirs}, [${a.slice(1).join(', ')}])`;
    case 'last_state':
      return `last_state(${a[0]}, ${op.hidden}, ${op.dirs})`;
    case 'prepend':
      return `torch.cat([${a[1]}.expand(${a[0]}.shape[0], 1, -1), ${a[0]}], 1)`;
    case 'seq_pool':
      return `seq_pool(${a[0]}, "${op.mode}", ${op.shift}${op.masked ? `, ${a[1]}` : ''})`;
    case 'fake_quant': // quantized graphs are simulations for ONNX's QDQ export (src/engine/quant), never trained by a script
      throw new PytorchExportError(`the op '${op.kind}' (int8 fake quantization) is not supported by the PyTorch export`);
    case 'activation':
      switch (op.fn) {
        case 'leaky_relu':
          return `F.leaky_relu(${a[0]}, ${op.alpha ?? 0.01})`;
        case 'elu':
          return `F.elu(${a[0]}, ${op.alpha ?? 1})`;
        case 'sigmoid':
        case 'tanh':
          return `torch.${op.fn}(${a[0]})`;
        default:
          return `F.${op.fn}(${a[0]})`;
      }
    case 'input':
    case 'param':
      throw new PytorchExportError(`node ${n.id} (${op.kind}) has no forward line`);
  }
}
