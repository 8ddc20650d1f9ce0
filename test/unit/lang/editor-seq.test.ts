// What the editor says about token models and sequence layers: hover, summary, diagram, completion.
import { strict as assert } from 'node:assert';
import { buildDiagram } from '../../../src/diagram/model';
import { formatSummary } from '../../../src/graph/summary';
import { analyze } from '../../../src/lang/analyze';
import { completionsAt } from '../../../src/lang/completion';
import { hoverAt } from '../../../src/lang/hover';

const GPT =
  'model gpt(tokens [64]) {\n  embedding 65 32\n  positional sinusoidal\n  transformer heads 4 ff 64 causal\n  attention heads 2\n  flatten\n  dense 65\n}\n';
const ADAM = { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

describe('editor: token models and sequence layers', () => {
  const analysis = analyze(GPT);
  const model = analysis.models[0]!;

  it('hover and summary say "64 tokens"', () => {
    assert.deepEqual(analysis.diagnostics, []);
    const md = hoverAt(analysis, { line: 0, col: 7 })?.markdown ?? '';
    assert.match(md, /\*\*model gpt\*\*: 64 tokens → \[65\]/);
    assert.match(formatSummary(model.graph!, { batch: 32, optimizer: ADAM }), /^Model gpt: input 64 tokens/);
  });

  it('a layer hover tells the heads, the mask and the attention weights', () => {
    const md = hoverAt(analysis, { line: 3, col: 4 })?.markdown ?? '';
    assert.match(md, /output \[64, 32\] · .* · 4 heads × 8 · causal · dropout 0\.1 · weights \[4, 64, 64\] → ff 64 relu · post-norm/);
    assert.match(md, /nn\.TransformerEncoderLayer/);
  });

  it('the diagram draws the token input and the attention blocks with their shapes and insides', () => {
    const d = buildDiagram(model.name, model.inputShape, model.layers, model.inputKind);
    assert.deepEqual(d.nodes[0]!.label, 'tokens');
    const attn = d.nodes.find((n) => n.layerKind === 'attention')!;
    assert.deepEqual(attn.shape, [64, 32]);
    assert.equal(attn.detail, '2 heads × 16 · weights [2, 64, 64]');
    assert.equal(attn.params, 4 * 32 * 32 + 4 * 32);
    assert.match(d.nodes.find((n) => n.layerKind === 'transformer')!.detail ?? '', /4 heads × 8 · causal/);
  });

  it('completion offers the new layers and their options', () => {
    const labels = (text: string, col: number) => completionsAt(analyze(text), { line: 1, col }).items.map((i) => i.label);
    const layers = labels('model m(tokens [8]) {\n  \n}\n', 2);
    for (const name of ['embedding', 'positional', 'attention', 'transformer']) assert.ok(layers.includes(name), name);
    const options = labels('model m(input [8, 4]) {\n  transformer heads 2 \n}\n', 21);
    for (const name of ['ff', 'dropout', 'norm_first', 'causal', 'activation']) assert.ok(options.includes(name), name);
    assert.deepEqual(labels('model m(input [8, 4]) {\n  positional \n}\n', 13), ['sinusoidal', 'learned', 'max']);
  });
});
