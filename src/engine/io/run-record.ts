// The run record's one schema: what a training run reports (start, steps, epochs, marks, end), as
// the engine hands it around in memory, as the trainer page sends it to the host (the protocol
// builds its run messages from these), and as record.jsonl stores it, one line per object. The
// engine's types (train/types.ts) are inferred from here; nothing else declares these shapes.
import { z } from '../zod';
import type { DataSpec } from '../../graph/data-spec';
import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import type { TokenizerJson } from '../data/tokenizers/types';

export const count = z.number().int().nonnegative();
/** Any number, NaN and ±Infinity included: a diverging run's metrics must still arrive. */
export const real = z.custom<number>((v) => typeof v === 'number', 'expected a number');
/** A number as record.jsonl stores it: the writer stores NaN and ±Infinity as strings (JSON has no such numbers). */
const stored = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform(Number)]);

/** How a run ended: the trainer's five, and the two the host records when a run ends outside it. */
export const RunStatus = z.enum(['completed', 'early_stopped', 'threshold', 'diverged', 'stopped', 'interrupted', 'error']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Config, graph and data spec are the language's objects: checked here for their shape (an issue
 *  names the field), trusted for their content. */
function trusted<T>(shape: z.ZodType) {
  return z.custom<T>().superRefine((v, ctx) => {
    const checked = shape.safeParse(v);
    if (!checked.success) for (const i of checked.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
  });
}
const object = z.record(z.string(), z.unknown());
export const TrainConfigShape = trusted<TrainConfig>(
  z.object({ epochs: count, batch: count, seed: z.number(), optimizer: object, loss: object }),
);
const GraphShape = trusted<Graph>(z.object({ name: z.string(), nodes: z.array(z.unknown()), layers: z.array(z.unknown()), range: object }));
const DataShape = trusted<DataSpec>(z.object({ name: z.string(), source: object }));
/** A text source's tokenizer as learned (tokenizers/types.ts TokenizerJson): kind and options, every id's text, bpe's merges. */
export const TokenizerShape = trusted<TokenizerJson>(
  z.object({
    format: z.literal('model-lab-tokenizer'),
    version: z.literal(1),
    options: z.looseObject({ kind: z.enum(['char', 'word', 'bpe']) }),
    tokens: z.array(z.string()),
    merges: z.array(z.tuple([count, count])).optional(),
  }),
);

/** The run's own start fields (the engine's RunStart without its initial weights). */
export const StartRecord = z.object({
  model: z.string().max(200),
  config: TrainConfigShape,
  seed: z.number(),
  device: z.string().max(100),
  dataHash: z.string().max(200),
  graphHash: z.string().max(200),
  examples: z.object({ train: count, val: count, test: count }),
  params: count,
  batch: count,
  stepsPerEpoch: count,
});
export type StartRecord = z.infer<typeof StartRecord>;

/** The lines after the start, with the number schema of where they live (memory and wire, or the file). */
function lines<N extends z.ZodType<number>>(num: N, message: z.ZodString) {
  const metrics = z.record(z.string().max(100), num);
  return {
    step: z.object({ step: count, epoch: count, loss: num }),
    /** metrics: loss (mean training loss over the epoch), val_loss, val_accuracy, ... (train_* without a val split). */
    epoch: z.object({ epoch: count, step: count, lr: num, metrics, seconds: num, samplesPerSec: num }),
    /** Something besides steps and epochs: a learning rate set by hand (null: back to the schedule), a pause,
     *  a run continued from its checkpoint (`resumed`: the lines after it follow from that step). */
    mark: z.object({
      type: z.enum(['lr', 'pause', 'resume', 'resumed']),
      step: count,
      lr: num.nullable().optional(),
      epoch: count.optional(),
    }),
    /** A language model's tokens sampled after an epoch from the weights it ended with (the train block's
     *  `samples:`): `ids` are the prompt (the first token of the first held-out example) and the tokens
     *  drawn at `temperature` from `seed`; the file adds their `text` through the run's tokenizer. */
    sample: z.object({ epoch: count, step: count, ids: z.array(count).max(100_000), temperature: num, seed: z.number() }),
    /** weightsEpoch: the epoch whose weights the run kept (the best one when early stopping restored it). */
    end: z.object({
      status: RunStatus,
      message,
      epochs: count,
      steps: count,
      final: metrics,
      bestEpoch: count,
      weightsEpoch: count.optional(),
      /** Pruned runs: the non-zero trainable parameters, and each dense or conv weight's sparsity (its share of zeros). */
      nonZeroParams: count.optional(),
      sparsity: z.record(z.string().max(200), num).optional(),
      seconds: num,
      samplesPerSec: num,
    }),
  };
}
const live = lines(real, z.string().max(10_000));
const file = lines(stored, z.string());

export const StepRecord = live.step;
export type StepRecord = z.infer<typeof StepRecord>;
export const EpochRecord = live.epoch;
export type EpochRecord = z.infer<typeof EpochRecord>;
export const MarkRecord = live.mark;
export type MarkRecord = z.infer<typeof MarkRecord>;
export const SampleRecord = live.sample;
export type SampleRecord = z.infer<typeof SampleRecord>;
/** How the run ended (the engine's RunEnd without its weights and history). */
export const EndRecord = live.end;
export type EndRecord = z.infer<typeof EndRecord>;

// ---- record.jsonl's lines, as read back (older records lack some fields; unknown ones are kept) ----

const time = z.string().optional();

/** What the host or the CLI adds to the start line: where the run came from and what it trained. */
export const StartExtras = z.object({
  /** The experiment file, absolute. */
  file: z.string().optional(),
  /** Records written before graphs were kept have none: they can be compared, not re-run. */
  graph: GraphShape.optional(),
  data: DataShape.optional(),
  dataStats: z.unknown().optional(),
  /** Text sources: the tokenizer the run trained with (also tokenizer.json beside the record); older records have none. */
  tokenizer: TokenizerShape.optional(),
  source: z.string().optional(),
  /** The run this one trained again (its folder name). */
  rerunOf: z.string().optional(),
  initFrom: z.string().nullable().optional(),
  /** A distilled run: its teacher run's folder (absolute) and model, and the loss's temperature and alpha. */
  distill: z.object({ teacher: z.string(), teacherModel: z.string(), temperature: z.number(), alpha: z.number() }).optional(),
  /** The writing process and its machine: a record without an end whose process is gone was interrupted. */
  pid: count.optional(),
  host: z.string().optional(),
});
export type StartExtras = z.infer<typeof StartExtras>;

export const StartLine = z.looseObject({
  ...StartRecord.partial().shape,
  ...StartExtras.shape,
  type: z.literal('start'),
  version: count.optional(),
  time,
  model: z.string(),
  config: TrainConfigShape,
});
export const StepLine = file.step.extend({ type: z.literal('step') });
export const EpochLine = file.epoch.partial({ seconds: true, samplesPerSec: true }).extend({ type: z.literal('epoch') });
export const SampleLine = file.sample.extend({ type: z.literal('sample'), text: z.string() });
export const MarkLine = z.looseObject({ ...file.mark.shape, time });
/** A run that ended outside the trainer has only its status and message. */
export const EndLine = z.looseObject({ ...file.end.partial().shape, type: z.literal('end'), status: RunStatus, time });

export type RecordStart = z.infer<typeof StartLine>;
export type RecordStep = Omit<z.infer<typeof StepLine>, 'type'>;
export type RecordEpoch = Omit<z.infer<typeof EpochLine>, 'type'>;
export type RecordMark = z.infer<typeof MarkLine>;
export type RecordSample = Omit<z.infer<typeof SampleLine>, 'type'>;
export type RecordEnd = z.infer<typeof EndLine>;
