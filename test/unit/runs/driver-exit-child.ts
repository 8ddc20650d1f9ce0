// Run by driver-exit.test.ts as a process of its own: a driver trains a tiny run to its end, then
// the script says so and does nothing more. The process must then exit by itself.
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { RunDriver, type RunEventMessage } from '../../../src/protocol/run-driver';
import { splitsToWire } from '../../../src/protocol/run-wire';
import { RunRequest } from '../../../src/protocol/runs';

const data = split(generate({ generator: 'spiral', size: 40, noise: 0.1, classes: 3, features: 2, seed: 1 }), 0.25, 0, 2);
const graph = new GraphBuilder([2]).dense(4, 'tanh').dense(3).build('tiny');
const config = trainConfig({ epochs: 2, batch: 8, seed: 1 });
const request = RunRequest.parse({
  runId: 'tiny-1',
  ...{ graph, config, data: splitsToWire(data), shuffle: true, augment: [], init: null, resume: null, teacher: null },
});
const events: RunEventMessage[] = [];
void new RunDriver().run({ request, data, backend: new CpuBackend(), note: null, post: (m) => void events.push(m) }).then(() => {
  const steps = events.reduce((n, m) => n + (m.type === 'runProgress' ? m.payload.steps.length : 0), 0);
  process.stdout.write(`${events.at(-1)?.type} ${steps}\n`);
});
