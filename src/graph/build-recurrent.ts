// Lowering of `rnn`, `lstm` and `gru` (PyTorch's nn.RNN, nn.LSTM, nn.GRU with batch_first=True,
// without the batch): one `recurrent` node per stacked layer (both directions in it), dropout
// between stacked layers, and `last_state` for `return last`. Parameters keep PyTorch's names,
// layouts, gate orders and init, so weights move both ways: weight_ih_l{k}[_reverse] [G*H, F],
// weight_hh_l{k} [G*H, H], bias_ih_l{k}, bias_hh_l{k} [G*H], all U(-1/sqrt(H), 1/sqrt(H)).
import type { GraphBuilder } from './build';
import type { RecurrentCell } from './ir';
import type { LayerSpec } from './layer-spec';
import { shapeText } from './shapes';

type RecurrentSpec = LayerSpec & { readonly kind: 'rnn' | 'lstm' | 'gru' };

/** Gates per unit (rows of weight_ih per hidden unit): PyTorch's i f g o for lstm, r z n for gru. */
export const GATES: Readonly<Record<RecurrentSpec['kind'], number>> = { rnn: 1, lstm: 4, gru: 3 };
/** Values per unit and step kept for backward through time besides h' (as allocated by the engine). */
const SAVED: Readonly<Record<RecurrentSpec['kind'], number>> = { rnn: 1, lstm: 5, gru: 4 };
const F32 = 4;
/** Steps × layers × directions of one recurrent layer: each is a kernel call forward and one backward. */
export const MAX_UNROLLED_STEPS = 65_536;

export function cellOf(spec: RecurrentSpec): RecurrentCell {
  return spec.kind === 'rnn' ? (spec.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh') : spec.kind;
}

export function addRecurrent(b: GraphBuilder, spec: RecurrentSpec, x: number, prefix: string, fail: (message: string) => never): number {
  const shape = b.shapeOf(x);
  if (shape.length !== 2)
    fail(
      `${spec.label} got ${shapeText(shape)} but needs a sequence [steps, features]` +
        (shape.length === 1 ? `; declare the input as [steps, ${shape[0]}] (e.g. input [20, ${shape[0]}])` : ''),
    );
  const [T] = shape as [number, number];
  const H = spec.units,
    G = GATES[spec.kind],
    dirs = spec.bidirectional ? 2 : 1;
  if (T * spec.layers * dirs > MAX_UNROLLED_STEPS)
    fail(`${spec.label} unrolls into ${T * spec.layers * dirs} steps (steps × layers × directions); the most is ${MAX_UNROLLED_STEPS}`);
  const bound = 1 / Math.sqrt(H);
  const init = { kind: 'uniform', low: -bound, high: bound } as const;
  let out = x;
  for (let l = 0; l < spec.layers; l++) {
    if (l > 0 && spec.dropout > 0) out = b.addNode({ kind: 'dropout', p: spec.dropout }, [out], b.shapeOf(out));
    const F = b.shapeOf(out)[1]!;
    const inputs = [out];
    for (let dir = 0; dir < dirs; dir++) {
      const suffix = `_l${l}${dir ? '_reverse' : ''}`;
      const fans: [number, number] = [F, G * H];
      inputs.push(
        b.addParam(prefix, `weight_ih${suffix}`, [G * H, F], init, fans, { decay: true }),
        b.addParam(prefix, `weight_hh${suffix}`, [G * H, H], init, [H, G * H], { decay: true }),
        b.addParam(prefix, `bias_ih${suffix}`, [G * H], init, fans),
        b.addParam(prefix, `bias_hh${suffix}`, [G * H], init, fans),
      );
      b.addFlops(T * G * H * (F + H));
      b.addSavedBytes(F32 * T * H * (SAVED[spec.kind] + 1));
    }
    out = b.addNode({ kind: 'recurrent', cell: cellOf(spec), hidden: H, dirs }, inputs, [T, dirs * H]);
  }
  b.describe(recurrentDetail(spec));
  return spec.returns === 'last' ? b.addNode({ kind: 'last_state', hidden: H, dirs }, [out], [dirs * H]) : out;
}

/** What the diagram draws under the label (the output shape is on the line above):
 *  "24 units × 2 layers · bidirectional · sequence", "8 units · last state". */
function recurrentDetail(spec: RecurrentSpec): string {
  const parts = [
    `${spec.units} units${spec.layers > 1 ? ` × ${spec.layers} layers` : ''}`,
    spec.bidirectional ? 'bidirectional' : '',
    spec.returns === 'last' ? 'last state' : 'sequence',
  ];
  return parts.filter(Boolean).join(' · ');
}
