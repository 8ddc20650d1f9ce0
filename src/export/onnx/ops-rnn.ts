// Recurrent layers in ONNX: `recurrent` -> ONNX's own RNN / GRU / LSTM (layout 0, time first, between two
// Transposes: onnxruntime refuses layout 1),
// `last_state` -> Slice + Squeeze (+ Concat of the two directions). The weights stay the
// initializers PyTorch names (`lstm_1.weight_ih_l0`); Gather re-orders their gate blocks in the
// graph (PyTorch i,f,g,o -> ONNX i,o,f,c; r,z,n -> z,r,h), so weights still move both ways.
import type { Op } from '../../graph/ir';
import { ATTR, type OnnxAttribute } from './proto';
import { attr } from './builder';
import type { OpContext, OpExport } from './ops';

/** ONNX's gate block k comes from PyTorch's block ORDER[k]. */
const ORDER: Record<string, { type: string; blocks: number[] }> = {
  lstm: { type: 'LSTM', blocks: [0, 3, 1, 2] },
  gru: { type: 'GRU', blocks: [1, 0, 2] },
  rnn_tanh: { type: 'RNN', blocks: [0] },
  rnn_relu: { type: 'RNN', blocks: [0] },
};

const text = (name: string, value: string): OnnxAttribute => ({ name, type: ATTR.STRING, s: new TextEncoder().encode(value) });
const strings = (name: string, values: string[]): OnnxAttribute => ({
  name,
  type: ATTR.STRINGS,
  strings: values.map((v) => new TextEncoder().encode(v)),
});

/** Concat of the tensors, each given a leading axis of 1: [dirs, ...]. */
function stack(c: OpContext, what: string, tensors: string[]): string {
  const axes = c.b.int64Initializer(c.name(`${what}.axes`), [0]);
  const lifted = tensors.map((t) => c.b.node('Unsqueeze', c.name(`${what}.unsqueeze`), [t, axes]));
  return lifted.length === 1 ? lifted[0]! : c.b.node('Concat', c.name(`${what}.stack`), lifted, [attr.int('axis', 0)]);
}

function recurrent(c: OpContext): string {
  const op = c.node.op as Extract<Op, { kind: 'recurrent' }>;
  const { type, blocks } = ORDER[op.cell]!;
  const H = op.hidden;
  const rows = blocks.flatMap((blk) => Array.from({ length: H }, (_, j) => blk * H + j));
  const perm = c.b.int64Initializer(c.name('gate_order'), rows);
  const gates = (i: number) => c.b.node('Gather', c.name('gates'), [c.input(i), perm], [attr.int('axis', 0)]);
  const W: string[] = [],
    R: string[] = [],
    B: string[] = [];
  for (let d = 0; d < op.dirs; d++) {
    const base = 1 + 4 * d;
    W.push(gates(base));
    R.push(gates(base + 1));
    B.push(c.b.node('Concat', c.name('bias'), [gates(base + 2), gates(base + 3)], [attr.int('axis', 0)]));
  }
  const attrs = [attr.int('hidden_size', H), text('direction', op.dirs === 2 ? 'bidirectional' : 'forward')];
  if (op.cell === 'gru') attrs.push(attr.int('linear_before_reset', 1));
  if (op.cell === 'rnn_relu') attrs.push(strings('activations', Array(op.dirs).fill('Relu')));
  const x = c.b.node('Transpose', c.name('time_first'), [c.input(0)], [attr.ints('perm', [1, 0, 2])]);
  const y = c.b.node(type, c.name(type.toLowerCase()), [x, stack(c, 'W', W), stack(c, 'R', R), stack(c, 'B', B)], attrs);
  // Y is [T, dirs, B, H] -> [B, T, dirs, H]: the directions side by side, as the engine's [T, dirs*H].
  const yb = c.b.node('Transpose', c.name('batch_first'), [y], [attr.ints('perm', [2, 0, 1, 3])]);
  return c.b.node('Reshape', c.name('merge_dirs'), [yb, c.b.int64Initializer(c.name('merged'), [0, 0, op.dirs * H])]);
}

/** h_n: the forward direction at the last step, the reverse direction at the first. */
function lastState(c: OpContext): string {
  const op = c.node.op as Extract<Op, { kind: 'last_state' }>;
  const H = op.hidden;
  // t -1: the last step, whatever the length (Slice to the end).
  const step = (t: number, d: number) => {
    const at = c.b.node('Slice', c.name('step'), [
      c.input(0),
      c.b.int64Initializer(c.name('starts'), [t, d * H]),
      c.b.int64Initializer(c.name('ends'), [t === -1 ? Number.MAX_SAFE_INTEGER : t + 1, (d + 1) * H]),
      c.b.int64Initializer(c.name('axes'), [1, 2]),
    ]);
    return c.b.node('Squeeze', c.name('squeeze'), [at, c.b.int64Initializer(c.name('time_axis'), [1])]);
  };
  if (op.dirs === 1) return step(-1, 0);
  return c.b.node('Concat', c.name('h_n'), [step(-1, 0), step(0, 1)], [attr.int('axis', 1)]);
}

export const ONNX_RNN_OPS: Record<'recurrent' | 'last_state', OpExport> = {
  recurrent,
  last_state: lastState,
};
