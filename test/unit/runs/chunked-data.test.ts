// A large training set goes to the trainer page in chunks and training starts on the first one:
// the steps must be those of the run that had the whole set from the start (every loss, the
// weights, the layer statistics bit for bit), the chunks must carry every example once, and
// without the worker's gate the same delivery trains on missing examples (the test can fail).
import * as assert from 'node:assert/strict';
import { Dataset, split, type Splits } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { firstEpochOrder, train, type TrainInput } from '../../../src/engine/train/trainer';
import type { LayerStats } from '../../../src/engine/train/layer-stats';
import type { NamedTensors, StepRecord } from '../../../src/engine/train/types';
import { dataChunks, shouldChunk, toPalette, type DataChunk } from '../../../src/extension/runs/data-chunks';
import { IncomingData } from '../../../webview/trainer/incoming-data';

const graph = new GraphBuilder([2]).dense(8, 'tanh').dropout(0.1).dense(3).build('spiral');
const config = trainConfig({ seed: 11, epochs: 3, batch: 16, optimizer: { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 } });
const full = generate({ generator: 'spiral', size: 330, noise: 0.1, classes: 3, features: 2, seed: 4 });
/** The same points on a grid of 1/16 (fewer than 256 distinct values): their chunks go as a palette. */
const gridded = new Dataset(
  full.x.map((v) => Math.round(v * 16) / 16),
  full.y,
  full.inputShape,
  full.targetLen,
  full.classes,
);
/** 12 bytes an example (2 features, 1 label): chunks of 25 examples (50 values: a palette each), or
 *  of 130 (260 distinct values: the features as they are). */
const CHUNK = 25 * 12,
  BIG_CHUNK = 130 * 12;

async function run(data: Splits, over: Partial<TrainInput> = {}) {
  const steps: StepRecord[] = [];
  const stats: LayerStats[] = [];
  const end = await train({
    graph,
    data,
    config,
    shuffle: true,
    observer: { step: (s) => void steps.push(s) },
    inspect: { everyMs: 1e9, onStats: (s) => void stats.push(s) },
    ...over,
  });
  return { steps: steps.map((s) => s.loss), weights: end.weights, stats };
}

/** The worker's side: the first chunk at once, one more per timer tick; `gated` as the worker runs. */
async function chunkedRun(data: Splits, gated: boolean, chunkBytes = CHUNK) {
  const chunks: DataChunk[] = [...dataChunks(data.train, { seed: config.seed, shuffle: true, probeRows: config.batch }, chunkBytes)];
  assert.equal(chunks[0]!.x instanceof Float32Array, chunkBytes === BIG_CHUNK, 'features as they are, or a palette');
  const t = data.train;
  const incoming = new IncomingData(t.size, t.inputShape, t.targetLen, t.classes);
  incoming.add(chunks.shift()!);
  const timer = setInterval(() => chunks.length && incoming.add(chunks.shift()!), 1);
  const gate = incoming.gate(Math.min(config.batch, t.size));
  let stepsBeforeAll = 0;
  try {
    const result = await run(
      { ...data, train: incoming.dataset },
      {
        control: {
          stop: false,
          checkpoint: async () => {
            if (incoming.arrived < t.size) stepsBeforeAll++;
            if (gated) await gate();
          },
        },
      },
    );
    return { ...result, stepsBeforeAll };
  } finally {
    clearInterval(timer);
  }
}

const bits = (w: NamedTensors) => new Map([...w].map(([k, v]) => [k, [...new Uint32Array(v.data.slice().buffer)]]));

describe('trainer panel: a training set sent in chunks', () => {
  for (const [name, data, chunkBytes] of [
    ['with a validation set, features as they are', split(full, 0.2, 0, 3), BIG_CHUNK],
    ['without one (the layer statistics probe the training set)', split(full, 0, 0, 3), CHUNK],
    ['features sent as a palette', split(gridded, 0.2, 0, 3), CHUNK],
  ] as const) {
    it(`takes the unchunked run's steps bit for bit, starting before the set has arrived (${name})`, async () => {
      const whole = await run(data);
      const chunked = await chunkedRun(data, true, chunkBytes);
      assert.ok(chunked.stepsBeforeAll > 3, `training started on the first chunk (${chunked.stepsBeforeAll} steps before all arrived)`);
      assert.equal(chunked.steps.length, whole.steps.length);
      assert.deepEqual(chunked.steps, whole.steps);
      assert.deepEqual(bits(chunked.weights), bits(whole.weights));
      assert.deepEqual(chunked.stats, whole.stats);
    });
  }

  it('without the gate the same delivery trains on examples not yet there: other losses', async () => {
    const data = split(full, 0.2, 0, 3);
    const whole = await run(data);
    const ungated = await chunkedRun(data, false);
    assert.notDeepEqual(ungated.steps, whole.steps);
  });

  it('sends every example in the first epoch order, the probe rows also in the first chunk', () => {
    const { train: t } = split(full, 0, 0, 3);
    const chunks = [...dataChunks(t, { seed: config.seed, shuffle: true, probeRows: 16 }, BIG_CHUNK)];
    const seen = new Map<number, number>();
    for (const c of chunks) c.indices.forEach((r) => seen.set(r, (seen.get(r) ?? 0) + 1));
    assert.equal(seen.size, t.size);
    // Only the probe rows come twice: early in the first chunk, and again at their place in the order.
    assert.deepEqual(
      [...seen].filter(([, n]) => n > 1).every(([r, n]) => r < 16 && n === 2),
      true,
    );
    const order = firstEpochOrder(t.size, config.seed, true);
    chunks.forEach((c, i) => {
      const from = i === 0 ? 0 : chunks[i - 1]!.positions;
      assert.deepEqual([...c.indices.subarray(0, c.positions - from)], [...order.subarray(from, c.positions)]);
    });
    assert.deepEqual(
      chunks.map((c) => c.positions),
      chunks.map((_, i) => Math.min(t.size, (i + 1) * 130)),
    );
    for (let r = 0; r < 16; r++) assert.ok(chunks[0]!.indices.includes(r), `row ${r} in the first chunk`);
    // Each example's features and label travel with its row.
    const c = chunks[1]!;
    const r = c.indices[3]!;
    assert.ok(c.x instanceof Float32Array, 'continuous features go as they are');
    assert.deepEqual([...c.x.subarray(6, 8)], [...t.x.subarray(r * 2, r * 2 + 2)]);
    assert.equal(c.y[3], t.y[r]);
  });

  it('sends features of at most 256 values as a palette, decoded bit for bit (-0 and NaN too)', () => {
    const x = new Float32Array(1000).map((_, i) => (i % 200) / 255);
    x[3] = -0;
    x[7] = NaN;
    const p = toPalette(x)!;
    assert.ok(p && p.palette.length <= 256 && p.codes.length === x.length);
    const back = Float32Array.from(p.codes, (c) => p.palette[c]!);
    assert.deepEqual(new Uint32Array(back.buffer), new Uint32Array(x.buffer));
    assert.equal(toPalette(new Float32Array(300).map((_, i) => i)), null, '300 distinct values: as they are');
    const chunk = dataChunks(split(gridded, 0, 0, 3).train, { seed: 1, shuffle: true, probeRows: 16 }, CHUNK).next().value!;
    assert.ok(!(chunk.x instanceof Float32Array), 'the gridded set goes as a palette');
  });

  it('chunks only a set above the threshold', () => {
    const { train: t } = split(full, 0, 0, 3);
    assert.equal(shouldChunk(t, t.size * 12 - 1), true);
    assert.equal(shouldChunk(t, t.size * 12), false);
  });
});
