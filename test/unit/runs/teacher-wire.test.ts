// A distilled run's teacher on the wire (host to the CPU worker or the page): the run request
// carries its graph and weights, the driver trains the same steps as the engine given the teacher
// directly, and a teacher tensor whose shape disagrees with its data is refused.
import * as assert from 'node:assert/strict';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { train } from '../../../src/engine/train/trainer';
import type { TeacherModel } from '../../../src/engine/train/distill';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { RunDriver, type RunEventMessage } from '../../../src/protocol/run-driver';
import { splitsToWire, tensorsToWire } from '../../../src/protocol/run-wire';
import { RunRequest } from '../../../src/protocol/runs';

describe('protocol: a teacher on the wire', () => {
  const data = split(generate({ generator: 'spiral', size: 120, noise: 0.1, classes: 3, features: 2, seed: 4 }), 0.2, 0, 2);
  const student = new GraphBuilder([2]).dense(5, 'tanh').dense(3).build('small');
  const distill = { teacher: 'big', teacherIsRun: false, temperature: 3, alpha: 0.6 };
  const config = trainConfig({ epochs: 2, batch: 16, seed: 7, distill });
  let teacher: TeacherModel;
  before(async () => {
    const graph = new GraphBuilder([2]).dense(16, 'relu').dense(3).build('big');
    teacher = { graph, weights: (await train({ graph, data, config: trainConfig({ epochs: 3, batch: 16 }) })).weights };
  });
  const request = (wireTeacher: unknown) => ({
    runId: 'small-1',
    graph: student,
    config,
    data: splitsToWire(data),
    shuffle: true,
    augment: [],
    init: null,
    resume: null,
    teacher: wireTeacher,
  });

  it('a request with its teacher trains the steps the engine trains with that teacher', async () => {
    const direct: number[] = [];
    await train({ graph: student, data, config, teacher, observer: { step: (s) => void direct.push(s.loss) } });
    const parsed = RunRequest.parse(request({ graph: teacher.graph, weights: tensorsToWire(teacher.weights) }));
    const events: RunEventMessage[] = [];
    await new RunDriver().run({ request: parsed, data, backend: new CpuBackend(), note: null, post: (m) => void events.push(m) });
    const failed = events.find((m) => m.type === 'runFailed');
    assert.equal(failed, undefined, JSON.stringify(failed?.payload));
    const wired = events.flatMap((m) => (m.type === 'runProgress' ? m.payload.steps.map((s) => s.loss) : []));
    assert.equal(wired.length, direct.length);
    assert.ok(direct.length > 0);
    assert.deepEqual(wired, direct);
  });

  it('refuses a teacher tensor whose shape disagrees with its data, or a teacher without a graph', () => {
    const [w, ...rest] = tensorsToWire(teacher.weights);
    const bad = { ...w!, shape: [w!.shape[0]! + 1, ...w!.shape.slice(1)] };
    assert.equal(RunRequest.safeParse(request({ graph: teacher.graph, weights: [bad, ...rest] })).success, false);
    assert.equal(RunRequest.safeParse(request({ graph: null, weights: rest })).success, false);
    assert.equal(RunRequest.safeParse(request(null)).success, true, 'a run without a teacher');
  });
});
