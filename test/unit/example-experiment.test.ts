// "Model Lab: New Experiment" opens this text: it must be a clean, trainable example.
import { strict as assert } from 'node:assert';
import { analyze, formatText, runsForModel } from '../../src/lang';
import { EXAMPLE_EXPERIMENT } from '../../src/extension/example-experiment';

describe('New Experiment example', () => {
  const analysis = analyze(EXAMPLE_EXPERIMENT);

  it('analyzes with zero diagnostics', () => {
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.range.startLine + 1}:${d.range.startCol + 1} ${d.severity} ${d.message}`),
      [],
    );
  });

  it('has a model with a complete graph and a runnable train block', () => {
    assert.equal(analysis.models.length, 1);
    const model = analysis.models[0];
    assert.ok(model.graph, 'the model graph builds');
    assert.equal(runsForModel(analysis, model.name).length, 1);
  });

  it('is already formatted', () => {
    assert.equal(formatText(EXAMPLE_EXPERIMENT), EXAMPLE_EXPERIMENT);
  });
});
