// Learning-rate schedules against PyTorch's own schedulers (scripts/torch-goldens.py writes
// test/fixtures/goldens/schedules/lr.json): the learning rate of every optimizer step, torch's
// per-step schedulers stepped after each batch and per-epoch ones after each epoch.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduleSpec } from '../../../src/graph/train-config';
import { learningRate } from '../../../src/engine/optim/schedule';

interface Case { name: string; schedule: ScheduleSpec; lr: number; stepsPerEpoch: number; epochs: number; lrs: number[] }

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
});
