// The worker's side of a training set sent in chunks (src/extension/runs/data-chunks.ts): the
// whole set's arrays, filled as chunks arrive, and a gate the training loop passes after every
// step, which waits until the next batch's examples are all here. The host sends the examples in
// the first epoch's order, so step s needs the first (s + 1) * batch positions; from the second
// epoch on every example has arrived. The steps are the ones an unchunked run takes.
import { Dataset } from '../../src/engine/data/dataset';
import type { Shape } from '../../src/graph/ir';

export interface IncomingChunk {
  readonly indices: Uint32Array;
  /** The features, or their palette and codes (data-chunks.ts' toPalette). */
  readonly x: Float32Array | { readonly palette: Float32Array; readonly codes: Uint8Array };
  readonly y: Float32Array;
  readonly positions: number;
}

export class IncomingData {
  readonly dataset: Dataset;
  private positions = 0;
  private waiting: { need: number; resolve: () => void }[] = [];

  constructor(
    readonly total: number,
    inputShape: Shape,
    targetLen: number,
    classes: number,
  ) {
    const d = inputShape.reduce((a, b) => a * b, 1);
    this.dataset = new Dataset(new Float32Array(total * d), new Float32Array(total * targetLen), inputShape, targetLen, classes);
  }

  get arrived(): number {
    return this.positions;
  }

  add(chunk: IncomingChunk): void {
    const { x, y, inputLen: d, targetLen: k } = this.dataset;
    const cx = chunk.x;
    chunk.indices.forEach((r, i) => {
      if (cx instanceof Float32Array) x.set(cx.subarray(i * d, (i + 1) * d), r * d);
      else for (let j = 0; j < d; j++) x[r * d + j] = cx.palette[cx.codes[i * d + j]!]!;
      y.set(chunk.y.subarray(i * k, (i + 1) * k), r * k);
    });
    this.positions = Math.max(this.positions, chunk.positions);
    const ready = this.waiting.filter((w) => w.need <= this.positions);
    this.waiting = this.waiting.filter((w) => w.need > this.positions);
    for (const w of ready) w.resolve();
  }

  /** Resolves once the first `positions` of the first epoch's order have arrived. */
  until(positions: number): Promise<void> {
    const need = Math.min(positions, this.total);
    if (need <= this.positions) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ need, resolve }));
  }

  /**
   * The gate for RunControl.checkpoint: awaited once after every step, it waits for the examples
   * of the step that follows (`batch` as the trainer's: the configured one, at most the set's size).
   */
  gate(batch: number): () => Promise<void> {
    let steps = 0;
    return () => this.until((++steps + 1) * batch);
  }
}
