// "New Experiment" offers these starting points: each must check clean and train as written.
import { strict as assert } from 'node:assert';
import { analyze, formatText, runsForModel } from '../../src/lang';
import { TEMPLATES, templateById } from '../../src/extension/templates';

describe('New Experiment templates', () => {
  it('offers tabular, images, 2-D toy sets, sequences and a blank one, with unique ids', () => {
    assert.deepEqual(
      TEMPLATES.map((t) => t.id),
      ['toy-2d', 'tabular', 'images', 'sequences', 'blank'],
    );
    assert.equal(templateById('images')?.label, 'Images (IDX, image folder)');
    assert.equal(templateById('nope'), undefined);
  });

  it('sequences: a causal token model on a text source that its Generate can sample', () => {
    const analysis = analyze(templateById('sequences')!.text);
    const graph = analysis.models[0]!.graph!;
    assert.equal(graph.inputKind, 'tokens');
    assert.deepEqual(graph.inputShape, [64]);
    assert.deepEqual(graph.nodes[graph.output]!.shape, [64, 64], 'a next-token head: [T, V]');
    const scores = graph.nodes.filter((n) => n.op.kind === 'attn_scores');
    assert.ok(scores.length === 2 && scores.every((n) => n.op.kind === 'attn_scores' && n.op.causal), 'two causal blocks');
    const source = analysis.data[0]!.spec!.source;
    assert.ok(source.kind === 'text' && source.window === 64 && source.tokenizer.kind === 'char');
  });

  for (const template of TEMPLATES) {
    describe(template.label, () => {
      const analysis = analyze(template.text);

      it('analyzes with zero diagnostics', () => {
        const found = analysis.diagnostics.map((d) => `${d.range.startLine + 1}:${d.range.startCol + 1} ${d.severity} ${d.message}`);
        assert.deepEqual(found, []);
      });

      it('has a model whose graph builds and a train block for it', () => {
        assert.equal(analysis.models.length, 1);
        const model = analysis.models[0]!;
        assert.ok(model.graph, `model ${model.name} builds a graph`);
        assert.equal(runsForModel(analysis, model.name).length, 1);
      });

      it('is commented and already formatted', () => {
        assert.match(template.text, /^# /, 'starts with a note saying what it is');
        assert.equal(formatText(template.text), template.text);
      });
    });
  }
});
