// The run record's one schema: what the writer writes reads back field for field; a malformed
// line is named by file, line and field; the protocol's run messages refuse what the record
// cannot hold (a tensor whose shape disagrees with its data) and drop what it must not take
// (extra fields of a start).
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunRecordWriter } from '../../../src/engine/io/record-file';
import { parseRunRecord, readRunRecord, RecordError } from '../../../src/engine/io/read-record';
import type { StartExtras } from '../../../src/engine/io/run-record';
import type { EpochRecord, RunEnd, RunStart, StepRecord } from '../../../src/engine/train/types';
import type { TrainConfig } from '../../../src/graph/train-config';
import { TrainerToHost } from '../../../src/protocol/trainer';

const config = { epochs: 2, batch: 4, seed: 3, optimizer: { kind: 'sgd', lr: 0.1 }, loss: { kind: 'mse' } } as unknown as TrainConfig;
const tensors = new Map([['w', { shape: [2], data: new Float32Array([1, 2]) }]]);
const START: RunStart = {
  model: 'net',
  config,
  seed: 3,
  device: 'cpu',
  dataHash: 'd1',
  graphHash: 'g1',
  examples: { train: 8, val: 2, test: 0 },
  params: 2,
  batch: 4,
  stepsPerEpoch: 2,
  initialWeights: tensors,
};
const STEPS: StepRecord[] = [
  { step: 1, epoch: 1, loss: 0.9 },
  { step: 2, epoch: 1, loss: 0.7 },
  { step: 3, epoch: 2, loss: NaN },
];
const EPOCH: EpochRecord = { epoch: 1, step: 2, lr: 0.1, metrics: { loss: 0.8, val_loss: Infinity }, seconds: 0.5, samplesPerSec: 16 };
const END: RunEnd = {
  status: 'diverged',
  message: 'loss is NaN at step 3',
  epochs: 2,
  steps: 3,
  final: { loss: NaN },
  bestEpoch: 1,
  seconds: 1,
  samplesPerSec: 12,
  weights: tensors,
  history: [EPOCH],
};
const line = (o: object) => JSON.stringify(o) + '\n';
const START_LINE = {
  type: 'start',
  model: 'm',
  config: { epochs: 1, batch: 4, seed: 0, optimizer: { kind: 'sgd' }, loss: { kind: 'mse' } },
};

describe('the run record schema', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-run-record-'));

  it('reads back every line the writer wrote, non-finite numbers included', () => {
    const dir = join(root, 'written');
    const w = new RunRecordWriter(dir, { file: '/w/x.mlab', source: 'vscode', rerunOf: 'net-1' });
    w.start(START);
    w.step(STEPS[0]!);
    w.step(STEPS[1]!);
    w.epoch(EPOCH);
    w.mark({ type: 'lr', step: 2, lr: 0.05 });
    w.mark({ type: 'pause', step: 2 });
    w.step(STEPS[2]!);
    w.end(END);
    const r = readRunRecord(dir);
    const { initialWeights, ...start } = START;
    void initialWeights;
    // The writer names itself (pid and host) so a reader can tell a live run from a killed one.
    assert.deepEqual(
      { ...r.start, time: undefined },
      {
        type: 'start',
        version: 1,
        time: undefined,
        pid: process.pid,
        host: hostname(),
        file: '/w/x.mlab',
        source: 'vscode',
        rerunOf: 'net-1',
        ...start,
      },
    );
    assert.deepEqual(r.steps, STEPS);
    assert.deepEqual(r.epochs, [EPOCH]);
    assert.deepEqual(
      r.marks.map(({ type, step, lr }) => ({ type, step, lr })),
      [
        { type: 'lr', step: 2, lr: 0.05 },
        { type: 'pause', step: 2, lr: undefined },
      ],
    );
    const { weights, history, ...end } = END;
    void weights;
    void history;
    assert.deepEqual({ ...r.end, time: undefined }, { type: 'end', time: undefined, ...end });
    assert.equal(r.truncated, false);
  });

  it("keeps the start line its own: extras cannot replace type, version, time or the run's fields", () => {
    const dir = join(root, 'extras');
    const extras: Record<string, unknown> = { type: 'end', version: 99, time: 'never', model: 'evil', params: 0, file: '/w/x.mlab' };
    const w = new RunRecordWriter(dir, extras as StartExtras);
    w.start(START);
    const r = readRunRecord(dir);
    assert.equal(r.start.type, 'start');
    assert.equal(r.start.version, 1);
    assert.notEqual(r.start.time, 'never');
    assert.ok(!Number.isNaN(Date.parse(r.start.time!)));
    assert.equal(r.start.model, 'net');
    assert.equal(r.start.params, 2);
    assert.equal(r.start.file, '/w/x.mlab');
  });

  it('records an end outside the trainer with every status the host writes', () => {
    for (const status of ['error', 'interrupted'] as const) {
      const dir = join(root, `fail-${status}`);
      const w = new RunRecordWriter(dir);
      w.start(START);
      w.fail('the panel was closed', status);
      assert.deepEqual([readRunRecord(dir).end?.status, readRunRecord(dir).end?.message], [status, 'the panel was closed']);
    }
  });

  it('names the file, line and field of a malformed line', () => {
    const cases: [object, RegExp][] = [
      [{ type: 'epoch', epoch: 1, step: 2, lr: 0.1, metrics: { val_loss: 'high' } }, /^r\.jsonl:2: epoch metrics\.val_loss: /],
      [{ type: 'end', status: 'exploded' }, /^r\.jsonl:2: end status: /],
      [{ type: 'lr', step: -1, lr: 0.1 }, /^r\.jsonl:2: lr step: /],
      [{ type: 'step', step: 1, epoch: 1 }, /^r\.jsonl:2: step loss: /],
    ];
    for (const [bad, want] of cases) {
      assert.throws(
        () => parseRunRecord(line(START_LINE) + line(bad) + line({ type: 'step', step: 9, epoch: 1, loss: 1 }), 'r.jsonl'),
        (e: Error) => e instanceof RecordError && want.test(e.message),
      );
    }
    const badConfig = { ...START_LINE, config: { ...START_LINE.config, epochs: 'two' } };
    assert.throws(
      () => parseRunRecord(line(badConfig), 'r.jsonl'),
      (e: Error) => e instanceof RecordError && /^r\.jsonl:1: start config\.epochs: /.test(e.message),
    );
  });

  it('refuses a start line whose graph is not a graph, naming the field', () => {
    writeFileSync(join(root, 'record.jsonl'), line({ ...START_LINE, graph: { name: 'm', nodes: 'none', layers: [], range: {} } }));
    assert.throws(
      () => readRunRecord(root),
      (e: Error) => e instanceof RecordError && / start graph\.nodes: /.test(e.message),
    );
  });
});

describe("the protocol's run messages", () => {
  const { runStarted, runEnded } = TrainerToHost.notifications;
  const { initialWeights, ...start } = START;
  void initialWeights;
  const ended = (shape: number[], values: number) => ({
    runId: 'net-1',
    end: { status: 'completed', message: '', epochs: 1, steps: 2, final: {}, bestEpoch: 1, seconds: 1, samplesPerSec: 1 },
    weights: [{ name: 'w', shape, data: new Float32Array(values) }],
  });

  it('refuses a tensor whose shape does not match its data, saying which and why', () => {
    assert.ok(runEnded.payload.safeParse(ended([2, 3], 6)).success);
    assert.ok(runEnded.payload.safeParse(ended([], 1)).success, 'a scalar has one value');
    const bad = runEnded.payload.safeParse(ended([2, 3], 5));
    assert.ok(!bad.success);
    const issue = bad.error.issues[0]!;
    assert.deepEqual(issue.path, ['weights', 0, 'data']);
    assert.equal(issue.message, "tensor 'w' of shape [2, 3] needs 6 values, its data has 5");
  });

  it("drops fields of a start that are not the run's own, so they cannot reach the record", () => {
    const sent = {
      runId: 'net-1',
      device: 'cpu',
      deviceNote: null,
      start: { ...start, graph: { evil: true }, file: '/elsewhere', type: 'end' },
      initialWeights: [],
    };
    const parsed = runStarted.payload.safeParse(sent);
    assert.ok(parsed.success);
    assert.deepEqual(Object.keys(parsed.data.start).sort(), Object.keys(start).sort());
  });

  it("refuses a start without the run's own fields, and an end with a status no writer produces", () => {
    const { examples, ...noExamples } = start;
    void examples;
    assert.ok(
      !runStarted.payload.safeParse({ runId: 'r', device: 'cpu', deviceNote: null, start: noExamples, initialWeights: [] }).success,
    );
    assert.ok(!runEnded.payload.safeParse({ ...ended([1], 1), end: { ...ended([1], 1).end, status: 'exploded' } }).success);
  });
});
