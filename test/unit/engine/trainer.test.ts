// The training loop: results people expect, reproducibility, and how runs end.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { RunRecordWriter } from '../../../src/engine/io/record-file';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { train } from '../../../src/engine/train/trainer';
import type { StepRecord } from '../../../src/engine/train/types';

const ADAM = (lr: number) => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }) as const;

function xorRun(seed: number, over = {}) {
  const data = split(generate({ generator: 'xor', size: 200, noise: 0.05, classes: 2, features: 2, seed: 1 }), 0.2, 0, 3);
  const graph = new GraphBuilder([2]).dense(8, 'tanh').dense(8, 'tanh').dropout(0.1).dense(2).build('xor');
  const steps: StepRecord[] = [];
  const end = train({
    graph,
    data,
    config: trainConfig({ seed, epochs: 60, batch: 16, optimizer: ADAM(0.03), ...over }),
    observer: { step: (s) => steps.push(s) },
  });
  return end.then((e) => ({ end: e, steps }));
}

describe('engine: trainer', () => {
  it('XOR reaches 100% validation accuracy', async () => {
    const { end } = await xorRun(0, { epochs: 100 });
    assert.equal(end.status, 'completed');
    assert.equal(end.final.val_accuracy, 1);
  });

  it('the same seed gives the same run; another seed another run', async () => {
    const a = await xorRun(7, { epochs: 3 }),
      b = await xorRun(7, { epochs: 3 }),
      c = await xorRun(8, { epochs: 3 });
    assert.deepEqual(a.steps, b.steps);
    assert.deepEqual([...a.end.weights.get('dense_1.weight')!.data], [...b.end.weights.get('dense_1.weight')!.data]);
    assert.notDeepEqual(
      a.steps.map((s) => s.loss),
      c.steps.map((s) => s.loss),
    );
  });

  it('epochs end with a partial batch: ceil(N / batch) steps each', async () => {
    const { end, steps } = await xorRun(0, { epochs: 2, batch: 48 }); // 160 training examples
    assert.equal(end.steps, 8);
    assert.equal(steps.length, 8);
    assert.deepEqual(
      steps.map((s) => s.epoch),
      [1, 1, 1, 1, 2, 2, 2, 2],
    );
  });

  it('a loss that becomes NaN stops the run, naming the step, and keeps the record', async () => {
    const data = split(generate({ generator: 'linear', size: 64, noise: 0, classes: 0, features: 4, seed: 1 }), 0, 0, 1);
    const graph = new GraphBuilder([4]).dense(16).dense(1).build('blowup');
    const dir = mkdtempSync(join(tmpdir(), 'mlab-nan-'));
    const rec = new RunRecordWriter(dir);
    const end = await train({
      graph,
      data,
      config: trainConfig({
        loss: { kind: 'mse' },
        optimizer: { kind: 'sgd', lr: 1e4, momentum: 0, nesterov: false, dampening: 0 },
        metrics: ['mae'],
        epochs: 50,
        batch: 8,
      }),
      observer: rec,
    });
    assert.equal(end.status, 'diverged');
    assert.match(end.message, /loss became (NaN|infinite) at step \d+ \(epoch \d+\)/);
    const lines = readFileSync(join(dir, 'record.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines[0].type, 'start');
    assert.equal(lines.at(-1).type, 'end');
    assert.equal(lines.at(-1).status, 'diverged');
    assert.ok(lines.some((l) => l.type === 'step'));
  });

  it('early stopping and stop-when end the run early with their reason', async () => {
    const es = await xorRun(0, { epochs: 200, earlyStop: { monitor: 'val_loss', patience: 2, minDelta: 10, mode: 'min' } });
    assert.equal(es.end.status, 'early_stopped');
    assert.equal(es.end.epochs, 3);
    const sw = await xorRun(0, { epochs: 200, stopWhen: { metric: 'val_loss', below: 0.5 } });
    assert.equal(sw.end.status, 'threshold');
    assert.ok(sw.end.epochs < 200);
  });

  it('spiral with batchnorm and residual blocks reaches 95%', async () => {
    const data = split(generate({ generator: 'spiral', size: 600, noise: 0.1, classes: 3, features: 2, seed: 2 }), 0.2, 0, 5);
    const g = new GraphBuilder([2]).dense(32, 'relu');
    g.residual((b) => b.dense(32).batchnorm().act('relu').dense(32)).act('relu');
    const end = await train({
      graph: g.dense(3).build('spiral'),
      data,
      config: trainConfig({ epochs: 40, batch: 32, optimizer: ADAM(0.01) }),
    });
    assert.ok(end.final.val_accuracy! >= 0.95, `val_accuracy ${end.final.val_accuracy}`);
  });

  it('writes a readable record while running, then weights and a loss curve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlab-rec-'));
    const rec = new RunRecordWriter(dir, {}, 5);
    let midRun: string[] = [];
    await xorRun(0, { epochs: 2 }).then(() => {});
    const data = split(generate({ generator: 'moons', size: 100, noise: 0.1, classes: 2, features: 2, seed: 1 }), 0.2, 0, 1);
    await train({
      graph: new GraphBuilder([2]).dense(8, 'relu').dense(2).build('m'),
      data,
      config: trainConfig({ epochs: 3, batch: 10 }),
      observer: {
        start: (s) => rec.start(s),
        step: (s) => {
          rec.step(s);
          if (s.step === 12) midRun = readFileSync(rec.recordPath, 'utf8').trim().split('\n'); // as a killed process would leave it
        },
        epoch: (e) => rec.epoch(e),
        end: (e) => rec.end(e),
      },
    });
    assert.ok(midRun.length >= 2);
    for (const l of midRun) JSON.parse(l);
    const start = JSON.parse(midRun[0]!);
    assert.equal(start.type, 'start');
    assert.ok(start.dataHash && start.graphHash && start.config.seed === 0);
    for (const f of ['init.safetensors', 'weights.safetensors', 'loss.svg']) assert.ok(existsSync(join(dir, f)), f);
    assert.match(readFileSync(join(dir, 'loss.svg'), 'utf8'), /^<svg[^>]*xmlns/);
  });

  it('starts from given weights', async () => {
    const a = await xorRun(0, { epochs: 1 });
    const data = split(generate({ generator: 'xor', size: 200, noise: 0.05, classes: 2, features: 2, seed: 1 }), 0.2, 0, 3);
    const graph = new GraphBuilder([2]).dense(8, 'tanh').dense(8, 'tanh').dropout(0.1).dense(2).build('xor');
    const b = await train({
      graph,
      data,
      init: a.end.weights,
      config: trainConfig({ epochs: 1, batch: 16, optimizer: ADAM(0.03), seed: 99 }),
    });
    assert.ok(b.history[0]!.metrics.loss! < a.end.history[0]!.metrics.loss!);
  });
});
