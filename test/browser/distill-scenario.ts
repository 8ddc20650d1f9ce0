// A distilled student's run request as ▶ Train sends it (run-manager.ts: the teacher's graph and
// weights on the request, the training set in chunks after it), built alike in Node (the CPU
// reference) and in the page (browser WebGPU): pure, seeded, no DOM and no Node APIs.
import { CpuBackend } from '../../src/engine/backends/cpu';
import { Dataset, split, type Splits } from '../../src/engine/data/dataset';
import { generate } from '../../src/engine/data/synthetic';
import { train } from '../../src/engine/train/trainer';
import { trainConfig } from '../../src/lang/test-config';
import { GraphBuilder } from '../../src/lang/test-graph';
import { dataChunks, type DataChunk } from '../../src/extension/runs/data-chunks';
import { splitsToWire, tensorsToWire } from '../../src/protocol/run-wire';
import { RunRequest } from '../../src/protocol/runs';

const ADAM = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
export const EPOCHS = 3;
export const BATCH = 32;
/** 48 examples a chunk (16 features and a label, 4 bytes each): 8 chunks of the 384 training examples. */
export const CHUNK_BYTES = 48 * 17 * 4;

export interface Scenario {
  /** The student's request with its teacher; its data as the engine trains on it. */
  readonly student: RunRequest;
  /** The same student without a teacher (same seed, epochs, data). */
  readonly plain: RunRequest;
  readonly splits: Splits;
}

/** The data: 480 examples of 16 features in 4 overlapping blobs (384 train, 96 val). */
const data = (): Splits => split(generate({ generator: 'blobs', size: 480, noise: 6, classes: 4, features: 16, seed: 11 }), 0.2, 0, 3);

export async function scenario(): Promise<Scenario> {
  const splits = data();
  const teacherGraph = new GraphBuilder([16]).dense(48, 'relu').dense(48, 'relu').dense(4).build('teacher');
  const taught = await train({
    graph: teacherGraph,
    data: splits,
    config: trainConfig({ epochs: 8, batch: BATCH, optimizer: ADAM, seed: 2 }),
    backend: new CpuBackend(),
  });
  const student = new GraphBuilder([16]).dense(12, 'relu').dense(4).build('student');
  const distill = { teacher: 'teacher', teacherIsRun: false, temperature: 4, alpha: 0.5 };
  const base = {
    graph: student,
    data: splitsToWire(splits),
    shuffle: true,
    augment: [],
    init: null,
    resume: null,
  };
  return {
    splits,
    student: RunRequest.parse({
      ...base,
      runId: 'student-1',
      config: trainConfig({ epochs: EPOCHS, batch: BATCH, optimizer: ADAM, seed: 5, distill }),
      teacher: { graph: teacherGraph, weights: tensorsToWire(taught.weights) },
    }),
    plain: RunRequest.parse({
      ...base,
      runId: 'student-plain-1',
      config: trainConfig({ epochs: EPOCHS, batch: BATCH, optimizer: ADAM, seed: 5 }),
      teacher: null,
    }),
  };
}

/** What startOnPage sends for a chunked set: the request with an empty training set, then the chunks. */
export function chunked(request: RunRequest, splits: Splits): { request: RunRequest; chunks: DataChunk[] } {
  const t = splits.train;
  const empty = new Dataset(new Float32Array(0), new Float32Array(0), t.inputShape, t.targetLen, t.classes);
  const chunks = [...dataChunks(t, { seed: request.config.seed, shuffle: request.shuffle, probeRows: request.config.batch }, CHUNK_BYTES)];
  return { request: { ...request, data: splitsToWire({ ...splits, train: empty }) }, chunks };
}
