// Checkpoints and resume: a CPU run stopped and resumed from its checkpoint takes bit for bit the
// same steps as the run that never stopped (dropout masks, shuffled order, Adam's moments, the
// schedule, early stopping); early stopping ends with the best epoch's weights.

import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { readCheckpoint } from '../../../src/engine/io/checkpoint';
import { readRunRecord } from '../../../src/engine/io/read-record';
import { RunRecordWriter } from '../../../src/engine/io/record-file';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import type { Checkpoint } from '../../../src/engine/train/checkpoint';
import { train, type TrainInput } from '../../../src/engine/train/trainer';
import type { NamedTensors, StepRecord } from '../../../src/engine/train/types';

const data = split(generate({ generator: 'xor', size: 200, noise: 0.05, classes: 2, features: 2, seed: 1 }), 0.2, 0, 3);
const graph = new GraphBuilder([2]).dense(8, 'tanh').dropout(0.2).dense(8, 'tanh').dense(2).build('xor');
const ADAM = { kind: 'adam', lr: 0.03, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
const config = trainConfig({
  seed: 5,
  epochs: 6,
  batch: 16,
  optimizer: ADAM,
  schedule: { kind: 'warmup', steps: 15, then: { kind: 'step', stepSize: 2, gamma: 0.5 } },
});

/** A stop asked for after `stopAt` steps (the hook the trainer awaits after each step). */
function stopAfter(stopAt: number) {
  let n = 0;
  const control = { stop: false, checkpoint: async () => void (++n === stopAt && (control.stop = true)) };
  return control;
}

/** Runs with every step's loss and every checkpoint collected. */
async function run(over: Partial<TrainInput> = {}, stopAt = 0) {
  const steps: StepRecord[] = [];
  const saved: Checkpoint[] = [];
  const end = await train({
    graph,
    data,
    config,
    control: stopAfter(stopAt),
    checkpoints: { everyMs: 1e9, save: (c) => void saved.push(c) },
    observer: { step: (s) => void steps.push(s) },
    ...over,
  });
  return { end, steps, saved };
}

const bits = (w: NamedTensors) =>
  new Map([...w].map(([k, t]) => [k, [...new Uint32Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength))]]));

describe('engine: checkpoints and resume', () => {
  it('a run stopped mid-epoch and resumed equals the straight run, every loss and weight bit for bit', async () => {
    const straight = await run();
    const first = await run({}, 23); // 10 steps an epoch: stops inside epoch 3
    assert.equal(first.end.status, 'stopped');
    const stop = first.saved.at(-1)!;
    assert.equal(stop.reason, 'stop');
    assert.deepEqual([stop.state.epoch, stop.state.batchStart, stop.state.step], [2, 48, 23]);
    const second = await run({ resume: { checkpoint: stop } });
    assert.equal(second.end.status, 'completed');
    assert.deepEqual([...first.steps, ...second.steps], straight.steps);
    assert.deepEqual(bits(second.end.weights), bits(straight.end.weights));
    assert.deepEqual(second.end.final, straight.end.final);
    assert.equal(second.end.steps, straight.end.steps);
    assert.equal(second.end.epochs, straight.end.epochs);
  });

  it('resumes from an epoch-end checkpoint and from an interval one the same way', async () => {
    const straight = await run();
    const ticks_: Checkpoint[] = [];
    const every = await run({ checkpoints: { everyMs: 0, save: (c) => void ticks_.push(c) } });
    assert.deepEqual(every.steps, straight.steps, 'checkpoints change nothing');
    for (const c of [
      ticks_.find((c) => c.reason === 'epoch' && c.state.epoch === 3)!,
      ticks_.find((c) => c.reason === 'interval' && c.state.step === 37)!,
    ]) {
      const rest = await run({ resume: { checkpoint: c } });
      assert.deepEqual(rest.steps, straight.steps.slice(c.state.step), `${c.reason} at step ${c.state.step}`);
      assert.deepEqual(bits(rest.end.weights), bits(straight.end.weights));
    }
  });

  it('through the files: the checkpoint on disk resumes the run, and the record reads as one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlab-resume-'));
    const straight = await run();
    const w = new RunRecordWriter(dir);
    const first = await train({ graph, data, config, control: stopAfter(31), checkpoints: w.checkpoints(1e9), observer: w });
    assert.equal(first.status, 'stopped');
    const resumed = new RunRecordWriter(dir, {}, 20, true);
    const end = await train({ graph, data, config, resume: readCheckpoint(dir), checkpoints: resumed.checkpoints(1e9), observer: resumed });
    assert.deepEqual(bits(end.weights), bits(straight.end.weights));
    const rec = readRunRecord(dir);
    assert.deepEqual(
      rec.steps.map((s) => s.loss),
      straight.steps.map((s) => s.loss),
    );
    assert.equal(rec.epochs.length, 6);
    assert.equal(rec.end?.status, 'completed');
    assert.ok(rec.marks.some((m) => m.type === 'resumed' && m.step === 31));
  });

  it("early stopping ends with the best epoch's weights (restore_best), or the last ones when turned off", async () => {
    // A learning rate too high for the end of the run: validation loss gets worse after a while.
    const es = trainConfig({
      seed: 2,
      epochs: 40,
      batch: 16,
      optimizer: { ...ADAM, lr: 0.3 },
      earlyStop: { monitor: 'val_loss', patience: 2, minDelta: 0, mode: 'min' },
    });
    const best: { w: NamedTensors; epoch: number }[] = [];
    const end = await train({
      graph,
      data,
      config: es,
      checkpoints: { everyMs: 1e9, save: () => {}, best: (w, epoch) => void best.push({ w, epoch }) },
    });
    assert.equal(end.status, 'early_stopped');
    assert.ok(end.bestEpoch < end.epochs);
    assert.equal(end.weightsEpoch, end.bestEpoch);
    // The reference: the same run trained for exactly bestEpoch epochs.
    const ref = await train({ graph, data, config: { ...es, epochs: end.bestEpoch, earlyStop: null } });
    assert.deepEqual(bits(end.weights), bits(ref.weights));
    assert.equal(end.final.val_loss, ref.final.val_loss);
    assert.equal(best.at(-1)!.epoch, end.bestEpoch);
    assert.deepEqual(bits(best.at(-1)!.w), bits(ref.weights));
    const kept = await train({ graph, data, config: { ...es, earlyStop: { ...es.earlyStop!, restoreBest: false } } });
    assert.equal(kept.weightsEpoch, kept.epochs);
    const last = await train({ graph, data, config: { ...es, epochs: kept.epochs, earlyStop: null } });
    assert.deepEqual(bits(kept.weights), bits(last.weights));
  });
});
