// A checkpoint on the wire (the trainer page's worker to the host): what the protocol carries and
// checks resumes the run bit for bit, and a tensor whose shape disagrees with its data is refused.
import * as assert from 'node:assert/strict';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import type { Checkpoint } from '../../../src/engine/train/checkpoint';
import { train } from '../../../src/engine/train/trainer';
import type { StepRecord } from '../../../src/engine/train/types';
import { checkpointToWire, wireToCheckpoint } from '../../../src/protocol/run-wire';
import { RunCheckpoint } from '../../../src/protocol/runs';

describe('protocol: checkpoints on the wire', () => {
  const data = split(generate({ generator: 'moons', size: 120, noise: 0.1, classes: 2, features: 2, seed: 4 }), 0.25, 0, 2);
  const graph = new GraphBuilder([2]).dense(6, 'relu').dropout(0.1).dense(2).build('moons');
  const config = trainConfig({
    seed: 3,
    epochs: 4,
    batch: 8,
    optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, dampening: 0 },
  });

  it('a checkpoint sent as a runCheckpoint message resumes the run bit for bit', async () => {
    const steps: StepRecord[] = [],
      saved: Checkpoint[] = [];
    const straight = await train({
      graph,
      data,
      config,
      checkpoints: { everyMs: 0, save: (c) => void saved.push(c) },
      observer: { step: (s) => void steps.push(s) },
    });
    const mid = saved.find((c) => c.reason === 'interval' && c.state.step === 17)!;
    const message = RunCheckpoint.parse({ runId: 'r', reason: mid.reason, checkpoint: checkpointToWire(mid), best: null });
    const rest: StepRecord[] = [];
    const resumed = await train({
      graph,
      data,
      config,
      resume: { checkpoint: wireToCheckpoint(message.checkpoint!) },
      observer: { step: (s) => void rest.push(s) },
    });
    assert.deepEqual(rest, steps.slice(17));
    for (const [name, t] of straight.weights) assert.deepEqual([...resumed.weights.get(name)!.data], [...t.data], name);
  });

  it('refuses a checkpoint tensor whose shape disagrees with its data', () => {
    const bad = {
      runId: 'r',
      reason: 'epoch',
      checkpoint: {
        state: { version: 1, step: 1, epoch: 1 },
        weights: [{ name: 'w', shape: [3], data: new Float32Array(2) }],
        optimizer: [],
      },
      best: null,
    };
    assert.equal(RunCheckpoint.safeParse(bad).success, false);
  });
});
