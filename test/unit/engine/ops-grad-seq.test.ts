// Sequence ops' gradients (embedding, positional tables, attention, the Transformer block)
// against central finite differences, fused and unfused, one line per case as ops-grad.test.ts.
// Token cases draw ids from 0..V-1, so padding (id 0) appears and the padding mask is exercised.

import * as assert from 'node:assert/strict';
import type { LossSpec } from '../../../src/graph/train-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { gradCheck } from './gradcheck';

const MSE: LossSpec = { kind: 'mse' };
const CE: LossSpec = { kind: 'cross_entropy', labelSmoothing: 0 };

// name, input shape, vocabulary (0: a values input), batch, layer lines, loss
const CASES: [string, number[], number, number, string[], LossSpec?][] = [
  ['attention heads 2 [4, 6]', [4, 6], 0, 2, ['attention heads 2']],
  ['attention one head, batch 1', [3, 4], 0, 1, ['attention heads 1']],
  ['attention causal heads 3', [4, 6], 0, 2, ['attention heads 3 causal']],
  ['attention dropout 0.3 (train mask)', [4, 4], 0, 2, ['attention heads 2 dropout 0.3']],
  ['positional sinusoidal (a constant)', [3, 4], 0, 2, ['positional sinusoidal']],
  ['positional learned max 6', [3, 4], 0, 2, ['positional learned max 6']],
  ['embedding 5 3', [4], 5, 3, ['embedding 5 3']],
  ['embedding pad 0 + flatten dense (cross-entropy)', [4], 6, 3, ['embedding 6 3 pad 0', 'flatten', 'dense 3'], CE],
  ['embedding + attention with padding mask', [5], 4, 3, ['embedding 4 4 pad 0', 'attention heads 2']],
  [
    'embedding + cls_token + attention with padding mask (shift 1)',
    [4],
    4,
    3,
    ['embedding 4 4 pad 0', 'cls_token', 'attention heads 2', 'pool first'],
  ],
  ['embedding + causal attention with padding mask', [5], 4, 2, ['embedding 4 4', 'positional learned', 'attention heads 2 causal']],
  ['transformer post-norm (dropout 0)', [3, 4], 0, 2, ['transformer heads 2 ff 6 dropout 0']],
  ['transformer norm_first gelu causal', [3, 4], 0, 2, ['transformer heads 2 ff 5 dropout 0 norm_first activation gelu causal']],
  ['transformer dropout 0.2 (train masks)', [3, 4], 0, 2, ['transformer heads 1 ff 4 dropout 0.2']],
  [
    '2 causal blocks over tokens',
    [4],
    5,
    2,
    ['embedding 5 4', 'positional sinusoidal', 'repeat 2 {', '  transformer heads 2 ff 4 dropout 0 causal', '}', 'flatten', 'dense 3'],
    CE,
  ],
];

const width = (line: string): number => Number(line.split(' ')[2]);

describe('engine: sequence gradients vs finite differences', () => {
  for (const [name, shape, vocab, batch, lines, loss] of CASES) {
    it(name, () => {
      const g = new GraphBuilder(shape, vocab ? 'tokens' : 'values');
      for (const line of lines) g.layer(line);
      for (const fuse of [true, false]) {
        // The padding row (id 0) gets no gradient by definition (nn.Embedding's padding_idx).
        const frozen = lines[0]!.includes('pad 0') ? { name: 'embedding_1.weight', from: 0, to: width(lines[0]!) } : undefined;
        const opts = { fuse, maxPerTensor: 16, ...(vocab ? { tokens: vocab } : {}), ...(frozen ? { frozen } : {}) };
        const r = gradCheck(g.build(), loss ?? MSE, batch, opts);
        assert.ok(r.checked > 0, 'nothing checked');
        assert.ok(r.worst <= 1, `${fuse ? 'fused' : 'unfused'}: worst ${r.worst.toFixed(2)} at ${r.where}`);
      }
    });
  }
});
