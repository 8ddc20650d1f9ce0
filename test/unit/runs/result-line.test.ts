// The CodeLens result line and the Runs tree's key metric: a language model reads token accuracy
// and perplexity, a classifier its accuracy, as before.

import * as assert from 'node:assert/strict';
import { keyMetric } from '../../../src/extension/run-records';
import { resultLine } from '../../../src/extension/runs/result-line';
import type { RunOutcome } from '../../../src/extension/runs/run-session';

const outcome = (final: Record<string, number>): RunOutcome => ({
  runId: 'r',
  dir: '/tmp/r',
  status: 'completed',
  message: '',
  device: 'cpu',
  final,
  seconds: 2.25,
  epochs: 3,
});

describe('runs: result line', () => {
  it('a classifier: its accuracy, the loss, time and parameters', () => {
    assert.equal(
      resultLine(outcome({ loss: 0.2, val_loss: 0.1234, val_accuracy: 0.979 }), 1234),
      '✓ val acc 97.9% · loss 0.123 · 2.3 s · 1,234 params',
    );
  });
  it('a language model: token accuracy and perplexity', () => {
    const f = { loss: 1.2, val_loss: 1.1, val_accuracy: 0.6, val_token_accuracy: 0.61, val_perplexity: 3.004 };
    assert.equal(resultLine(outcome(f), 10), '✓ val token acc 61.0% · val ppl 3.00 · loss 1.10 · 2.3 s · 10 params');
    assert.equal(keyMetric(f), 'val token acc 61.0%');
    assert.equal(keyMetric({ test_accuracy: 0.5 }), 'test acc 50.0%');
  });
});
