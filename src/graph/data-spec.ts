// Resolved `data` block: where examples come from and how they are prepared. Built by src/lang,
// loaded by src/engine/data. Paths are as written (relative to the experiment file); the loader
// resolves them and refuses any that leave the workspace.

import type { SourceRange } from './ir';

export type SyntheticKind = 'xor' | 'circles' | 'moons' | 'spiral' | 'blobs' | 'linear' | 'sine' | 'adding' | 'addition';

/** synthetic(addition): 14 token ids (pad, unk, 10 digits, '+', '='), T = 3 * digits + 2 per example. */
export const ADDITION_VOCAB = 14;
export const additionLength = (digits: number): number => 3 * digits + 2;

export type DataSource =
  | {
      readonly kind: 'synthetic';
      readonly generator: SyntheticKind;
      readonly size: number;
      readonly noise: number;
      /** Number of classes; 0 for the regression generators (linear, sine). */
      readonly classes: number;
      readonly features: number;
      readonly seed: number;
      /** Regression generators only: target columns (linear: `targets N`, default 1; sine: 1). */
      readonly targets?: number;
      /** Sequence generators only (adding): time steps per example, input [steps, features]. */
      readonly steps?: number;
      /** Token generators only (addition): digits per operand, token input [3 * digits + 2]. */
      readonly digits?: number;
    }
  | {
      readonly kind: 'csv';
      readonly path: string;
      readonly target: string;
      readonly features: readonly string[] | null;
      /** Forecasting: windows of `window` rows as input, the target's next `horizon` values as target. */
      readonly sequence?: SequenceWindow;
    }
  | TextSource
  | { readonly kind: 'idx'; readonly images: string; readonly labels: string }
  | { readonly kind: 'images'; readonly folder: string };

/** How text becomes token ids (src/engine/data/tokenizers). */
export interface TokenizerSpec {
  readonly kind: 'char' | 'word' | 'bpe';
  /** Largest vocabulary, the special tokens included; null: every token seen (bpe: 512). */
  readonly vocab: number | null;
  readonly minCount: number;
  readonly bos: boolean;
  readonly eos: boolean;
  readonly lower: boolean;
  readonly punct: boolean;
}

export interface SequenceWindow {
  readonly window: number;
  readonly horizon: number;
  /** Rows between window starts (default 1). */
  readonly stride: number;
}

/** `text(...)`: a text file cut into language-model windows, or a CSV column of texts with labels. */
export interface TextSource {
  readonly kind: 'text';
  readonly path: string;
  readonly tokenizer: TokenizerSpec;
  /** Language modelling: tokens per window (T) and tokens between window starts (default T). */
  readonly window: number | null;
  readonly stride: number | null;
  /** Classification: the CSV column of texts, the label column and the padded length. */
  readonly column: string | null;
  readonly label: string | null;
  readonly length: number | null;
}

export interface DataSpec {
  readonly name: string;
  readonly range: SourceRange;
  readonly source: DataSource;
  /** A separate held-out source, or null to use `split.test` of the main source. */
  readonly testSource: DataSource | null;
  readonly scale: number | null; // multiply inputs, e.g. 1/255
  readonly normalize: 'standardize' | 'minmax' | null;
  readonly split: { readonly val: number; readonly test: number }; // fractions
  readonly shuffle: { readonly seed: number } | 'off';
  readonly augment: readonly ('flip' | 'crop' | 'shift')[];
}
