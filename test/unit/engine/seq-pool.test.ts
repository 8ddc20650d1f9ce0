// Sequence pooling (pool mean | last | first) and cls_token: shapes and counts, the padding mask
// (a token input's zeros), and gradients against finite differences.

import * as assert from 'node:assert/strict';
import type { Graph } from '../../../src/graph/ir';
import type { LossSpec } from '../../../src/graph/train-config';
import { newRuntime } from '../../../src/engine/backend';
import { ATTENTION_KERNELS } from '../../../src/engine/backends/cpu/attention';
import { seqpoolFwd } from '../../../src/engine/backends/cpu/seq';
import { POOL } from '../../../src/engine/kernels/codes';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { gradCheck } from './gradcheck';

const MSE: LossSpec = { kind: 'mse' };
const CE: LossSpec = { kind: 'cross_entropy', labelSmoothing: 0 };

/** The graph with its seq_pool reading the model's input as token ids (what a token input gives). */
function masked(g: Graph, shift = 0): Graph {
  const nodes = g.nodes.map((n) =>
    n.op.kind === 'seq_pool' ? { ...n, op: { ...n.op, masked: true, shift }, inputs: [n.inputs[0]!, g.input] } : n,
  );
  return { ...g, nodes };
}

const check = (g: Graph, loss: LossSpec, batch: number, input?: (i: number, v: number) => number) => {
  for (const fuse of [true, false]) {
    const r = gradCheck(g, loss, batch, { fuse, ...(input ? { input } : {}) });
    assert.ok(r.checked > 0, 'nothing checked');
    assert.ok(r.worst <= 1, `${fuse ? 'fused' : 'unfused'}: worst ${r.worst.toFixed(2)} at ${r.where}`);
  }
};

describe('engine: sequence pooling', () => {
  it('shapes and counts: pool [T, D] -> [D]; cls_token [T, D] -> [T + 1, D] with D parameters', () => {
    const g = new GraphBuilder([5, 3]).layer('cls_token').layer('pool first').build();
    assert.deepEqual(g.nodes[g.output]!.shape, [3]);
    const prepend = g.nodes.find((n) => n.op.kind === 'prepend')!;
    assert.deepEqual(prepend.shape, [6, 3]);
    assert.equal(g.totals.params, 3);
    const p = g.nodes.find((n) => n.op.kind === 'param')!;
    assert.equal(p.op.kind === 'param' && p.op.name, 'cls_token_1.cls_token');
    assert.throws(() => new GraphBuilder([6]).layer('pool mean').build(), /pool mean got \[6\] but needs a sequence \[T, D\]/);
  });

  for (const mode of ['mean', 'last', 'first'] as const) {
    it(`pool ${mode}: gradients vs finite differences`, () => {
      check(new GraphBuilder([5, 3]).dense(4, 'tanh').layer(`pool ${mode}`).dense(2).build(), CE, 3);
      check(new GraphBuilder([4, 2]).layer(`pool ${mode}`).build(), MSE, 2);
    });
  }
  it('cls_token then pool first: gradients reach the token (and the input through the rest)', () => {
    check(new GraphBuilder([4, 3]).layer('cls_token').dense(5, 'tanh').layer('pool first').dense(2).build(), CE, 3);
    check(new GraphBuilder([3, 2]).layer('cls_token').layer('pool mean').build(), MSE, 2);
  });

  // Token ids [T] as a sample's input, written [T, 1] so dense can embed them: zeros are padding.
  const pad = (T: number, lens: number[]) => (i: number, v: number) => {
    const b = Math.floor(i / T),
      j = i % T;
    return j >= lens[b % lens.length]! ? 0 : 1 + Math.abs(v);
  };
  for (const mode of ['mean', 'last'] as const) {
    it(`pool ${mode} on a token input leaves padded positions out: finite differences`, () => {
      const g = masked(new GraphBuilder([5, 1]).dense(4, 'tanh').layer(`pool ${mode}`).dense(3).build());
      check(g, CE, 3, pad(5, [5, 2, 0]));
    });
  }
  it('pool mean after cls_token on a token input: the prepended position always counts (shift 1)', () => {
    const g = masked(new GraphBuilder([4, 1]).dense(3, 'tanh').layer('cls_token').layer('pool mean').dense(2).build(), 1);
    check(g, CE, 3, pad(4, [1, 3, 0]));
  });

  it('masked values: mean over unpadded positions, the last unpadded one, zeros for an all-padding sample', () => {
    // 2 samples, t 3, d 2; sample 0 tokens [5, 7, 0], sample 1 [0, 0, 0].
    const x = Float32Array.from([1, 2, 3, 4, 50, 60, 7, 8, 9, 10, 11, 12]);
    const tok = Float32Array.from([5, 7, 0, 0, 0, 0]);
    const rt = newRuntime();
    rt.n = 2;
    const y = new Float32Array(4);
    seqpoolFwd([x, tok, y], { t: 3, d: 2, mode: POOL.mean, masked: 1 }, rt);
    assert.deepEqual([...y], [2, 3, 0, 0]);
    seqpoolFwd([x, tok, y], { t: 3, d: 2, mode: POOL.last, masked: 1 }, rt);
    assert.deepEqual([...y], [3, 4, 0, 0]);
    seqpoolFwd([x, tok, y], { t: 3, d: 2, mode: POOL.mean, masked: 1, shift: 1 }, rt); // tok per sample: 2 ids
    assert.deepEqual([...y], [(1 + 3 + 50) / 3, (2 + 4 + 60) / 3, 7, 8]);
  });

  it('cls_token before attention on a token input: the prepended key never masked, the rest follow the ids', () => {
    const g = new GraphBuilder([2], 'tokens')
      .layer('embedding 8 2 pad 0')
      .layer('cls_token')
      .layer('attention heads 1')
      .layer('pool first')
      .build();
    const scores = g.nodes.find((n) => n.op.kind === 'attn_scores')!;
    assert.deepEqual(scores.shape, [1, 3, 3]);
    assert.equal(scores.op.kind === 'attn_scores' && scores.op.shift, 1, 'the ids [2] give keys 1 and 2 of 3');
    assert.equal(scores.inputs[1], g.input);
    // q = k = 0: equal scores, so each row spreads evenly over the keys left unmasked.
    // Sample 0's ids [7, 0]: keys 0 (cls) and 1 count; sample 1's [0, 0]: only key 0.
    const [t, d] = [3, 2];
    const rt = newRuntime();
    rt.n = 2;
    const p = new Float32Array(2 * t * t);
    ATTENTION_KERNELS.attn_scores_fwd(
      [new Float32Array(2 * t * 3 * d), Float32Array.from([7, 0, 0, 0]), p],
      { t, d, h: 1, scale: 1, masked: 1, shift: 1 },
      rt,
    );
    const row = (n: number, q: number) => [...p.subarray((n * t + q) * t, (n * t + q + 1) * t)];
    for (let q = 0; q < t; q++) {
      assert.deepEqual(row(0, q), [0.5, 0.5, 0], `sample 0, query ${q}`);
      assert.deepEqual(row(1, q), [1, 0, 0], `sample 1, query ${q}`);
    }
  });
});
