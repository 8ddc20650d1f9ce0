// The plumbing of [T] targets end to end: a synthetic "copy the input tokens" task on one-hot
// [T, V] inputs, some positions padded (target IGNORE_INDEX, input all zero), trained through a
// dense head per token — batching, shuffling, the validation split, early stopping on val_loss,
// the sequence metrics and the run record.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset, split } from '../../../src/engine/data/dataset';
import { RunRecordWriter } from '../../../src/engine/io/record-file';
import { IGNORE_INDEX } from '../../../src/engine/kernels/codes';
import { Rng } from '../../../src/engine/rng';
import { analyze } from '../../../src/engine/train/analysis';
import { computeMetrics } from '../../../src/engine/train/metrics';
import { train } from '../../../src/engine/train/trainer';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';

const T = 6,
  V = 5;

/** N samples of T one-hot tokens; the target is the token itself; the tail of some is padding. */
function copyTask(N: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float32Array(N * T * V),
    y = new Float32Array(N * T);
  for (let i = 0; i < N; i++) {
    const len = T - (rng.uniform() < 0.4 ? 1 + rng.int(3) : 0);
    for (let j = 0; j < T; j++) {
      if (j >= len) {
        y[i * T + j] = IGNORE_INDEX;
        continue;
      }
      const t = rng.int(V);
      x[(i * T + j) * V + t] = 1;
      y[i * T + j] = t;
    }
  }
  return new Dataset(x, y, [T, V], T, V);
}

const ADAM = { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

describe('engine: per-token training (copy task)', () => {
  it('trains to token accuracy >= 0.99 through dense per token, with val split, early stop and the run record', async () => {
    const data = split(copyTask(240, 1), 0.25, 0, 4);
    const graph = new GraphBuilder([T, V]).dense(16, 'tanh').dense(V).build('copy');
    const dir = mkdtempSync(join(tmpdir(), 'mlab-seq-'));
    const rec = new RunRecordWriter(dir);
    const end = await train({
      graph,
      data,
      config: trainConfig({
        epochs: 60,
        batch: 16,
        optimizer: ADAM,
        metrics: ['perplexity', 'token_accuracy', 'sequence_accuracy', 'accuracy'],
        earlyStop: { monitor: 'val_loss', patience: 4, minDelta: 1e-3, mode: 'min', restoreBest: true },
      }),
      observer: rec,
    });
    const f = end.final;
    assert.ok(f.val_token_accuracy! >= 0.99, `val token accuracy ${f.val_token_accuracy}`);
    assert.ok(f.val_sequence_accuracy! >= 0.9, `val sequence accuracy ${f.val_sequence_accuracy}`);
    assert.equal(f.val_accuracy, f.val_token_accuracy, 'accuracy of a per-token task counts tokens');
    // Perplexity from the host's outputs, val_loss from the loss kernel over counted tokens:
    // two computations that must agree (no label smoothing): log(ppl) = val_loss.
    assert.ok(
      Math.abs(Math.log(f.val_perplexity!) - f.val_loss!) < 1e-4 * Math.max(1, f.val_loss!),
      `${f.val_perplexity} vs ${f.val_loss}`,
    );
    assert.ok(f.val_perplexity! < 1.2);
    assert.ok(['completed', 'early_stopped'].includes(end.status), end.status);
    const lines = readFileSync(join(dir, 'record.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metrics?: Record<string, number> });
    const epochs = lines.filter((l) => l.type === 'epoch');
    assert.ok(epochs.length > 0);
    for (const k of ['val_loss', 'val_perplexity', 'val_token_accuracy', 'val_sequence_accuracy'])
      assert.equal(typeof epochs[0]!.metrics![k], 'number', k);
    // The report's analysis: per-token accuracy and perplexity, no confusion matrix over samples.
    const config = trainConfig({ metrics: ['accuracy'] });
    const a = await analyze({ graph, config, weights: end.weights, data: data.val! });
    assert.equal(a.confusion, null);
    assert.equal(a.predicted, null);
    assert.equal(a.metrics.token_accuracy, f.val_token_accuracy);
    assert.equal(a.metrics.perplexity, f.val_perplexity);
    assert.equal(a.metrics.accuracy, f.val_accuracy);
  });

  it('a run whose first epochs cannot get better stops early on val_loss', async () => {
    const data = split(copyTask(96, 2), 0.25, 0, 4);
    const graph = new GraphBuilder([T, V]).dense(V).build('copy');
    const end = await train({
      graph,
      data,
      config: trainConfig({
        epochs: 50,
        batch: 8,
        optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
        metrics: ['token_accuracy'],
        earlyStop: { monitor: 'val_loss', patience: 2, minDelta: 0, mode: 'min', restoreBest: true },
      }),
    });
    assert.equal(end.status, 'early_stopped');
    assert.equal(end.epochs, 3);
  });
});

describe('engine: sequence metrics', () => {
  // 2 samples, T 3, V 2 logits; sample 0: right, right, ignored; sample 1: right, wrong, right.
  const out = Float32Array.from([2, 0, 0, 1, 9, 9, 0, 3, 0, 2, 1, 0]);
  const tgt = Float32Array.from([0, 1, IGNORE_INDEX, 1, 0, 0]);
  const task = { classes: 2, outputLen: 6, logits: false, tokens: 3 };
  const m = computeMetrics(['perplexity', 'token_accuracy', 'sequence_accuracy', 'accuracy'], out, tgt, 2, task);
  const ce = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b)) - a; // -log softmax of the first
  it('token_accuracy counts the non-ignored tokens; sequence_accuracy the samples all right', () => {
    assert.equal(m.token_accuracy, 4 / 5);
    assert.equal(m.accuracy, 4 / 5);
    assert.equal(m.sequence_accuracy, 1 / 2);
  });
  it('perplexity is exp of the summed cross-entropy over the token count, not a mean of exps', () => {
    const sum = ce(2, 0) + ce(1, 0) + ce(3, 0) + ce(0, 2) + ce(1, 0);
    assert.ok(Math.abs(m.perplexity! - Math.exp(sum / 5)) < 1e-6, `${m.perplexity} vs ${Math.exp(sum / 5)}`);
  });
  it('on softmax outputs perplexity reads the probabilities', () => {
    const p = Float32Array.from([0.8, 0.2, 0.3, 0.7]);
    const r = computeMetrics(['perplexity'], p, Float32Array.from([0, 1]), 1, {
      classes: 2,
      outputLen: 4,
      logits: false,
      tokens: 2,
      probabilities: true,
    });
    assert.ok(Math.abs(r.perplexity! - Math.exp(-(Math.log(0.8) + Math.log(0.7)) / 2)) < 1e-6);
  });
});
