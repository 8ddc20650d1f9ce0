// Attention maps read from the engine's eval run against softmax(QKᵀ/√d) computed here directly
// from the weights (embedding rows through PyTorch's in_proj), per head, with the causal mask's
// empty upper triangle and padding keys masked; and both layers of a two-layer model against
// PyTorch's nn.MultiheadAttention(need_weights=True, average_attn_weights=False) from the same weights.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttentionProbe, attentionLayers } from '../../../src/engine/infer/attention-maps';
import { initialWeights } from '../../../src/engine/init';
import { compilePlan } from '../../../src/engine/plan/compile';
import { analyze } from '../../../src/lang/analyze';
import type { Graph } from '../../../src/graph/ir';

const CE = { kind: 'cross_entropy', labelSmoothing: 0 } as const;
const SGD = { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 } as const;

function model(src: string): { graph: Graph; weights: ReturnType<typeof initialWeights> } {
  const graph = analyze(src).models[0]!.graph!;
  const plan = compilePlan(graph, { maxBatch: 1, loss: CE, optimizer: SGD, weightDecay: 0, l1: 0, clipNorm: null });
  return { graph, weights: initialWeights(plan.params, 5) };
}

/** p[h][q][k] from x [T, D] = embedding rows, W [3D, D], b [3D]: independent of the engine's kernels. */
function direct(ids: number[], emb: Float32Array, w: Float32Array, bias: Float32Array, d: number, h: number, causal: boolean) {
  const t = ids.length,
    dh = d / h;
  const proj = (pos: number, row: number) => {
    let s = bias[row]!;
    for (let j = 0; j < d; j++) s += w[row * d + j]! * emb[ids[pos]! * d + j]!;
    return s;
  };
  return Array.from({ length: h }, (_, hh) =>
    Array.from({ length: t }, (_, q) => {
      const s = Array.from({ length: t }, (_, k) => {
        if ((causal && k > q) || ids[k] === 0) return -Infinity;
        let dot = 0;
        for (let j = 0; j < dh; j++) dot += proj(q, hh * dh + j) * proj(k, d + hh * dh + j);
        return dot / Math.sqrt(dh);
      });
      const m = Math.max(...s);
      const e = s.map((v) => (v === -Infinity ? 0 : Math.exp(v - m)));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((v) => (z > 0 ? v / z : 0));
    }),
  );
}

describe('attention maps', () => {
  const SRC = (causal: string) =>
    `model m(tokens [6]) {\n  embedding 9 8\n  attention heads 2 ${causal}\n  attention heads 4\n  dense 9\n}\n`;

  it('lists each attention layer with its heads, mask and length', () => {
    const { graph } = model(SRC('causal'));
    const layers = attentionLayers(graph);
    assert.deepEqual(
      layers.map((l) => [l.name, l.heads, l.causal, l.t]),
      [
        ['attention 1', 2, true, 6],
        ['attention 2', 4, false, 6],
      ],
    );
    assert.deepEqual(attentionLayers(analyze('model n(input [3]) {\n  dense 2\n}\n').models[0]!.graph!), []);
  });

  for (const causal of [true, false]) {
    it(`the first layer's heads equal softmax(QKᵀ/√d) from the weights (${causal ? 'causal' : 'full'}, a padding key)`, async () => {
      const { graph, weights } = model(SRC(causal ? 'causal' : ''));
      const ids = [3, 1, 7, 0, 5, 2];
      const probe = new AttentionProbe(graph, weights, CE);
      try {
        const [first, second] = await probe.maps(ids);
        assert.equal(first!.length, 2 * 6 * 6);
        assert.equal(second!.length, 4 * 6 * 6);
        const want = direct(
          ids,
          weights.get('embedding_1.weight')!.data,
          weights.get('attention_1.in_proj_weight')!.data,
          weights.get('attention_1.in_proj_bias')!.data,
          8,
          2,
          causal,
        );
        let upper = 0;
        for (let hh = 0; hh < 2; hh++)
          for (let q = 0; q < 6; q++)
            for (let k = 0; k < 6; k++) {
              const got = first![(hh * 6 + q) * 6 + k]!;
              assert.ok(Math.abs(got - want[hh]![q]![k]!) < 1e-5, `head ${hh} q ${q} k ${k}: ${got} vs ${want[hh]![q]![k]}`);
              if (k > q) upper += got;
            }
        assert.equal(upper === 0, causal, 'the causal mask leaves the upper triangle empty, a full map does not');
        for (let q = 0; q < 6; q++) assert.equal(first![q * 6 + 3], 0, 'the padding key gets no weight');
      } finally {
        probe.dispose();
      }
    });
  }

  it('both layers equal PyTorch need_weights=True, average_attn_weights=False (golden, torch 1.13)', async () => {
    const golden = JSON.parse(readFileSync(join(__dirname, '../../fixtures/goldens/attn-maps/maps-two-layers.json'), 'utf8')) as {
      model: string;
      ids: number[];
      weights: Record<string, number[]>;
      maps: number[][];
    };
    const graph = analyze(golden.model).models[0]!.graph!;
    const weights = new Map(Object.entries(golden.weights).map(([name, v]) => [name, { shape: [v.length], data: Float32Array.from(v) }]));
    const probe = new AttentionProbe(graph, weights, CE);
    try {
      const maps = await probe.maps(golden.ids);
      assert.equal(maps.length, 2);
      maps.forEach((m, l) => {
        assert.equal(m.length, golden.maps[l]!.length);
        m.forEach((v, i) => assert.ok(Math.abs(v - golden.maps[l]![i]!) < 1e-5, `layer ${l} value ${i}: ${v} vs ${golden.maps[l]![i]}`));
      });
    } finally {
      probe.dispose();
    }
  });
});
