// Host <-> Predict (a trained model run by onnxruntime-web inside the page).

import { z } from '../engine/zod';
import type { Direction } from './envelope';
import { LogLine } from './wire';
import { TokenizerShape } from '../engine/io/run-record';

const Num = z.number();
const Transform = { scale: Num, shift: z.array(Num).max(1_000_000).readonly(), div: z.array(Num).max(1_000_000).readonly() };
const Field = z.object({ name: z.string().max(200), min: Num, max: Num, mean: Num });

/** src/export/predict/input.ts's PredictSpec. */
export const PredictSpecWire = z.object({
  input: z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['draw', 'image']), shape: z.tuple([Num, Num, Num]).readonly(), ...Transform }),
    z.object({
      kind: z.literal('table'),
      shape: z.array(Num).max(8).readonly(),
      features: z.array(Field).max(10_000).readonly(),
      ...Transform,
    }),
    z.object({ kind: z.literal('text'), shape: z.tuple([Num]).readonly(), tokenizer: TokenizerShape, ...Transform }),
    z.object({ kind: z.literal('generate'), shape: z.tuple([Num]).readonly(), tokenizer: TokenizerShape, vocab: Num, ...Transform }),
    z.object({ kind: z.literal('unsupported'), shape: z.array(Num).max(8).readonly(), why: z.string().max(1000), ...Transform }),
  ]),
  classes: z.array(z.string().max(200)).max(100_000).readonly(),
});

export const PredictShow = z.object({
  title: z.string().max(400),
  spec: PredictSpecWire,
  /** One example's shape as the model reads it (a [784] MLP is drawn on as [1, 28, 28]). */
  modelShape: z.array(Num).max(8).readonly(),
  /** model.onnx, base64 (a webview cannot read the run folder). */
  model: z.string().max(400_000_000),
  /** onnxruntime-web's .wasm as a webview URI (shipped in the extension, never remote). */
  wasmUrl: z.string().max(4000),
});
export type PredictShow = z.infer<typeof PredictShow>;

export const HostToPredict = {
  requests: {},
  notifications: {
    show: { payload: PredictShow, latestWins: true },
  },
} as const satisfies Direction;

export const PredictToHost = {
  requests: {},
  notifications: {
    /** Each prediction: the model's input as pre-processed and the probabilities (or outputs), for tests and logs. */
    predicted: {
      payload: z.object({ input: z.array(Num).max(1_000_000), outputs: z.array(Num).max(100_000), top: z.string().max(200) }),
      latestWins: true,
    },
    /** A language model's Generate finished: the whole text (the prompt's included). */
    generated: { payload: z.object({ text: z.string().max(1_000_000) }), latestWins: true },
    /** The session could not be created or run. */
    failed: { payload: z.object({ message: z.string().max(10_000) }) },
    log: LogLine,
  },
} as const satisfies Direction;
