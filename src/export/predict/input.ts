// What the Predict view asks for and how it turns what a person gives into the model's input,
// exactly as training did: x' = (x · scale − shift) / div, per input value, with the data block's
// `scale` and the normaliser fitted on the training split (both kept in the run record). The kind
// of input follows the data: a canvas to draw on for 28×28 single-channel images, a dropped image
// for other images, one field per feature (with the data's own range) for tables, a text box for
// text classifiers and a prompt with Generate for language models (the run's tokenizer, text.ts). Pure: the host
// builds the spec from a run record, the Predict page pre-processes with it.
import type { DataSpec } from '../../graph/data-spec';
import type { DataStats } from '../../engine/data/stats';
import type { TokenizerJson } from '../../engine/data/tokenizers/types';

interface Transform {
  /** The data block's `scale` (1 when it has none). */
  readonly scale: number;
  /** The fitted normaliser per input value (empty: none). */
  readonly shift: readonly number[];
  readonly div: readonly number[];
}

export interface FeatureField {
  readonly name: string;
  /** In the data's own units (before scale and normalisation): the training split's range and mean. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export type PredictInput = Transform &
  (
    | { readonly kind: 'draw' | 'image'; readonly shape: readonly [number, number, number] }
    | { readonly kind: 'table'; readonly shape: readonly number[]; readonly features: readonly FeatureField[] }
    /** A text classifier: type a text, see the classes. */
    | { readonly kind: 'text'; readonly shape: readonly [number]; readonly tokenizer: TokenizerJson }
    /** A language model ([T] ids in, [T, V] logits out): a prompt and Generate. */
    | { readonly kind: 'generate'; readonly shape: readonly [number]; readonly tokenizer: TokenizerJson; readonly vocab: number }
    | { readonly kind: 'unsupported'; readonly shape: readonly number[]; readonly why: string }
  );

export interface PredictSpec {
  readonly input: PredictInput;
  /** Class names by index; numbered when the data has none; empty for a regression. */
  readonly classes: readonly string[];
}

/** What a text model's run adds: its stored tokenizer and the model's output shape (per sample). */
export interface TextRun {
  readonly tokenizer: TokenizerJson | null;
  readonly outputShape: readonly number[];
}

export function predictSpec(data: DataSpec, stats: DataStats, text?: TextRun): PredictSpec {
  const t: Transform = {
    scale: data.scale ?? 1,
    shift: stats.normalizer ? [...stats.normalizer.shift] : [],
    div: stats.normalizer ? [...stats.normalizer.div] : [],
  };
  const shape = [...stats.inputShape];
  const input = { ...t, ...(stats.kind === 'text' ? textKind(shape, text) : inputKind(stats, shape, t)) };
  const classes =
    stats.classes === 0 || input.kind === 'generate'
      ? []
      : Array.from({ length: stats.classes }, (_, i) => stats.classNames[i] ?? String(i));
  return { input, classes };
}

function textKind(shape: number[], text: TextRun | undefined) {
  const T = shape[0]!;
  if (!text?.tokenizer || shape.length !== 1)
    return { kind: 'unsupported' as const, shape, why: 'this run kept no tokenizer (an older record): Predict cannot tokenize' };
  const out = text.outputShape;
  // [T, V] logits over the T positions: a language model (the same test as Generate's).
  if (out.length === 2 && out[0] === T)
    return { kind: 'generate' as const, shape: [T] as [number], tokenizer: text.tokenizer, vocab: out[1]! };
  return { kind: 'text' as const, shape: [T] as [number], tokenizer: text.tokenizer };
}

function inputKind(stats: DataStats, shape: number[], t: Transform) {
  const chw = stats.kind === 'images' ? pictureShape(shape) : null;
  if (chw) {
    const draw = chw[0] === 1 && chw[1] === 28 && chw[2] === 28;
    return { kind: draw ? ('draw' as const) : ('image' as const), shape: chw };
  }
  if ((stats.kind === 'table' || stats.kind === 'synthetic') && shape.length === 1) {
    // The recorded statistics are of the values as fed to the model: undo the transform.
    const raw = (v: number, j: number) => (t.div.length ? v * t.div[j]! + t.shift[j]! : v) / t.scale;
    const features = stats.features.map((f, j) => ({ name: f.name, min: raw(f.min, j), max: raw(f.max, j), mean: raw(f.mean, j) }));
    return { kind: 'table' as const, shape, features };
  }
  return { kind: 'unsupported' as const, shape, why: `Predict takes images, tables and text; this model reads ${stats.kind} data` };
}

/** [C, H, W] of a picture input; an MLP on flattened square pictures ([784]) as [1, 28, 28]. */
function pictureShape(shape: readonly number[]): [number, number, number] | null {
  if (shape.length === 3) return [shape[0]!, shape[1]!, shape[2]!];
  const side = Math.round(Math.sqrt(shape[0] ?? 0));
  return shape.length === 1 && side * side === shape[0] ? [1, side, side] : null;
}

/** The model's input for one example given in the data's own units (pixels 0–255, feature values). */
export function preprocess(values: ArrayLike<number>, t: Transform): Float32Array {
  const x = new Float32Array(values.length);
  // Float32 at each step, as training computes it (bytes scaled into a Float32Array, then normalised in place).
  for (let j = 0; j < x.length; j++) x[j] = values[j]! * t.scale;
  if (t.div.length) for (let j = 0; j < x.length; j++) x[j] = (x[j]! - t.shift[j]!) / t.div[j]!;
  return x;
}
