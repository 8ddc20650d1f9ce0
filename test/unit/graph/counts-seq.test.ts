// Parameter counts, FLOPs, shapes and names of the sequence layers against PyTorch 1.13's
// (sum(p.numel() for p in m.parameters()) printed for the same modules).
import { strict as assert } from 'node:assert';
import { cleanGraph } from '../lang/helpers';

const tokenModel = (t: number, layers: string) => cleanGraph(`model m(tokens [${t}]) {\n${layers}\n}\n`);
const seqModel = (shape: string, layers: string) => cleanGraph(`model m(input ${shape}) {\n${layers}\n}\n`);
const paramNames = (g: ReturnType<typeof cleanGraph>) =>
  g.nodes.flatMap((n) => (n.op.kind === 'param' ? [`${n.op.name} [${n.shape.join(', ')}]${n.op.trainable ? '' : ' (state)'}`] : []));

describe('graph: sequence layers match PyTorch', () => {
  it('a tokens [64] input is [64] token ids, and nn.Embedding(100, 64) has 6,400 parameters', () => {
    const g = tokenModel(64, '  embedding 100 64 pad 0');
    assert.equal(g.inputKind, 'tokens');
    assert.deepEqual(g.inputShape, [64]);
    assert.equal(g.totals.params, 6_400);
    assert.deepEqual(g.layers[0].outputShape, [64, 64]);
    assert.deepEqual(paramNames(g), ['embedding_1.weight [100, 64]']);
    assert.equal(seqModel('[4]', '  dense 2').inputKind, 'values');
  });

  it('nn.MultiheadAttention(64, 4) has 16,640 parameters in PyTorch layout and 4TD² + 2T²D multiply-adds', () => {
    const g = seqModel('[32, 64]', '  attention heads 4');
    assert.equal(g.totals.params, 16_640);
    assert.deepEqual(paramNames(g), [
      'attention_1.in_proj_weight [192, 64]',
      'attention_1.in_proj_bias [192]',
      'attention_1.out_proj.weight [64, 64]',
      'attention_1.out_proj.bias [64]',
    ]);
    assert.equal(g.totals.flops, 4 * 32 * 64 * 64 + 2 * 32 * 32 * 64);
    assert.deepEqual(g.nodes[g.output].shape, [32, 64]);
    const scores = g.nodes.find((n) => n.op.kind === 'attn_scores');
    assert.deepEqual(scores?.shape, [4, 32, 32]);
  });

  it('nn.TransformerEncoderLayer(64, 4, 256) has 49,984 parameters under its own names', () => {
    const g = seqModel('[16, 64]', '  transformer heads 4 ff 256');
    assert.equal(g.totals.params, 49_984);
    assert.deepEqual(paramNames(g).sort(), [
      'transformer_1.linear1.bias [256]',
      'transformer_1.linear1.weight [256, 64]',
      'transformer_1.linear2.bias [64]',
      'transformer_1.linear2.weight [64, 256]',
      'transformer_1.norm1.bias [64]',
      'transformer_1.norm1.weight [64]',
      'transformer_1.norm2.bias [64]',
      'transformer_1.norm2.weight [64]',
      'transformer_1.self_attn.in_proj_bias [192]',
      'transformer_1.self_attn.in_proj_weight [192, 64]',
      'transformer_1.self_attn.out_proj.bias [64]',
      'transformer_1.self_attn.out_proj.weight [64, 64]',
    ]);
    assert.equal(g.totals.flops, 4 * 16 * 64 * 64 + 2 * 16 * 16 * 64 + 2 * 16 * 64 * 256);
    // dropout 0.1 (PyTorch's default): on the attention weights, after attention, in and after the feed-forward
    assert.equal(g.nodes.filter((n) => n.op.kind === 'dropout').length, 4);
  });

  it('repeat 2 { transformer } stacks two blocks with their own weights', () => {
    const g = tokenModel(8, '  embedding 10 16\n  repeat 2 {\n    transformer heads 2 ff 32 dropout 0 causal\n  }');
    const one = 4 * 16 * 16 + 4 * 16 + (16 * 32 + 32) + (32 * 16 + 16) + 4 * 16;
    assert.equal(g.totals.params, 10 * 16 + 2 * one);
    assert.ok(paramNames(g).includes('transformer_2.self_attn.in_proj_weight [48, 16]'));
    assert.ok(g.nodes.filter((n) => n.op.kind === 'attn_scores').every((n) => n.op.kind === 'attn_scores' && n.op.causal));
    // the padding mask reads the token input
    assert.ok(g.nodes.filter((n) => n.op.kind === 'attn_scores').every((n) => n.inputs[1] === g.input));
  });

  it('positional tables: sinusoidal is a constant, learned a [max, D] parameter', () => {
    const s = tokenModel(8, '  embedding 10 4\n  positional sinusoidal');
    assert.equal(s.totals.params, 40);
    assert.equal(s.totals.nonTrainable, 32);
    const l = tokenModel(8, '  embedding 10 4\n  positional learned max 128');
    assert.equal(l.totals.params, 40 + 128 * 4);
    assert.deepEqual(paramNames(l)[1], 'positional_1.weight [128, 4]');
  });
});
