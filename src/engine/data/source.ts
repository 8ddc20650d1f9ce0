// A loaded source before splitting: raw rows (bytes for pixels, floats for tables, NaN where a
// table value is missing) and what they mean. Splitting turns it into Float32 Datasets.

import type { Shape } from '../../graph/ir';

export interface RawSet {
  /** text: token windows or padded token rows; series: forecasting windows [T, F]. */
  readonly kind: 'table' | 'images' | 'text' | 'series';
  /** Rows × inputLen values. Pixels stay bytes until the split, which halves peak memory. */
  readonly x: Uint8Array | Float32Array;
  /** Rows × targetLen targets: class indices (classes > 0) or numbers. */
  readonly y: Float32Array;
  readonly inputShape: Shape;
  /** Images read in another layout than their own (an MLP's [784] of [1, 28, 28] idx pixels): their own. */
  readonly imageShape?: Shape;
  readonly targetLen: number;
  /** Number of classes, 0 for a regression. */
  readonly classes: number;
  /** Class names by index (csv string labels, image folder names); empty when labels are numbers. */
  readonly classNames: readonly string[];
  /** Input column names (tables), after one-hot expansion ("color=red"). */
  readonly featureNames: readonly string[];
  /** Categories of each one-hot encoded csv column, so a test file encodes the same way. */
  readonly categories?: Readonly<Record<string, readonly string[]>>;
  /** Remarks worth showing (rows dropped, values filled in). */
  readonly notes: readonly string[];
}

export const numel = (s: Shape): number => s.reduce((a, b) => a * b, 1);
