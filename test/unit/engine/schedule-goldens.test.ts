// Learning-rate schedules against PyTorch's own schedulers (scripts/torch-goldens.py writes
// test/fixtures/goldens/schedules/lr.json): the learning rate of every optimizer step, torch's
// per-step schedulers stepped after each batch and per-epoch ones after each epoch.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduleSpec } from '../../../src/graph/train-config';
import { learningRate } from '../../../src/engine/optim/schedule';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { train } from '../../../src/engine/train/trainer';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';

interface Case {
  name: string;
  schedule: ScheduleSpec;
  lr: number;
  stepsPerEpoch: number;
  epochs: number;
  lrs: number[];
}

const FILE = join(__dirname, '..', '..', 'fixtures', 'goldens', 'schedules', 'lr.json');
const { cases } = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Case[] };

describe('engine: learning-rate schedules against torch.optim.lr_scheduler', () => {
  it('has the cases', () => assert.ok(cases.length >= 10));
  for (const c of cases) {
    it(c.name, () => {
      const time = { stepsPerEpoch: c.stepsPerEpoch, epochs: c.epochs };
      assert.equal(c.lrs.length, c.epochs * c.stepsPerEpoch);
      c.lrs.forEach((want, step) => {
        const got = learningRate(c.lr, c.schedule, Math.floor(step / c.stepsPerEpoch), step, time);
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.abs(want), `step ${step}: ${got} vs torch ${want}`);
      });
    });
  }

  // The trainer steps a per-step schedule every batch and knows the run's length (total_steps):
  // each epoch's recorded lr is torch's at that epoch's last step.
  for (const name of ['onecycle, PyTorch defaults, max_lr the lr', 'warmup 4 steps (start 0.25) then exponential per epoch']) {
    it(`the trainer follows it: ${name}`, async () => {
      const c = cases.find((k) => k.name === name)!;
      const data = split(
        generate({ generator: 'xor', size: c.stepsPerEpoch * 20, noise: 0.05, classes: 2, features: 2, seed: 1 }),
        0.2,
        0,
        3,
      );
      const graph = new GraphBuilder([2]).dense(4, 'tanh').dense(2).build('xor');
      const config = trainConfig({
        epochs: c.epochs,
        batch: 16,
        schedule: c.schedule,
        optimizer: { kind: 'sgd', lr: c.lr, momentum: 0, nesterov: false, dampening: 0 },
      });
      const lrs: number[] = [];
      const end = await train({ graph, data, config, observer: { epoch: (e) => lrs.push(e.lr) } });
      assert.equal(end.steps, c.epochs * c.stepsPerEpoch);
      const want = Array.from({ length: c.epochs }, (_, e) => c.lrs[(e + 1) * c.stepsPerEpoch - 1]!);
      lrs.forEach((lr, e) => assert.ok(Math.abs(lr - want[e]!) <= 1e-9 * want[e]!, `epoch ${e + 1}: ${lr} vs torch ${want[e]}`));
      assert.equal(lrs.length, c.epochs);
    });
  }
});
