// Hands a run and its data to the trainer page: a small training set inside the startRun request,
// a large one (of a fresh run) after it in chunks (data-chunks.ts), so the page starts training on the first chunk
// instead of waiting for the whole set to be copied.
import { Dataset, type Splits } from '../../engine/data/dataset';
import type { RunRequest } from '../../protocol/runs';
import { splitsToWire } from '../../protocol/run-wire';
import type { DevicePreference } from '../../protocol/wire';
import type { TrainerPanel } from '../trainer-panel';
import { dataChunks } from './data-chunks';

export interface PageRun {
  readonly run: Omit<RunRequest, 'data'>;
  readonly splits: Splits;
  readonly preference: DevicePreference;
  /** What the panel calls the data set while it arrives. */
  readonly label: string;
  /** Send the training set in chunks (shouldChunk: a large set, a fresh run). */
  readonly chunked: boolean;
}

/** Resolves once the run started on its device (as TrainerPanel.startRun) and every chunk was sent. */
export async function startOnPage(panel: TrainerPanel, r: PageRun, timeoutMs: number): Promise<{ device: 'webgpu' | 'cpu' }> {
  const train = r.splits.train;
  if (!r.chunked)
    return panel.startRun({ run: { ...r.run, data: splitsToWire(r.splits) }, preference: r.preference, incoming: null }, timeoutMs);
  const empty = new Dataset(new Float32Array(0), new Float32Array(0), train.inputShape, train.targetLen, train.classes);
  let settled = false;
  const started = panel.startRun(
    {
      run: { ...r.run, data: splitsToWire({ ...r.splits, train: empty }) },
      preference: r.preference,
      incoming: { examples: train.size, label: r.label },
    },
    timeoutMs,
  );
  started.then(
    () => undefined,
    () => (settled = true), // the page refused the run: the rest of its data is not wanted
  );
  const chunks = dataChunks(train, { seed: r.run.config.seed, shuffle: r.run.shuffle, probeRows: r.run.config.batch });
  for (const { indices, x, y, positions } of chunks) {
    if (settled || panel.isDisposed) break;
    panel.channel.notify('runData', { runId: r.run.runId, indices, x, y, positions });
    await new Promise((resolve) => setImmediate(resolve)); // the host takes other messages between chunks
  }
  return started;
}
