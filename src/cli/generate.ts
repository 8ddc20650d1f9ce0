// `model-lab generate FILE --model M [--run DIR] --length N --temperature T --seed S`: text
// sampled from a trained language model's newest finished run (or --run DIR) with its tokenizer.
import { join, resolve } from 'node:path';
import { GenerateError, GENERATE_DEFAULTS, type GenerateOptions } from '../engine/infer/generate';
import { generateFromRun } from '../engine/infer/generate-run';
import { RecordError } from '../engine/io/read-record';
import { latestRun } from '../export/onnx/sources';
import { EXIT_OK, UserError, type CliCommand } from './command';
import { readExperiment } from './read-experiment';
import { workspaceOf } from './train';

const HELP = [
  'Usage: model-lab generate FILE [--model NAME] [--run DIR] [--length N] [--temperature T] [--top-k K] [--seed S] [--prompt TEXT]',
  '',
  "Samples text from a trained language model (tokens [T] in, [T, V] logits out): the model's newest",
  'finished run in .modellab/runs, or --run DIR, with the tokenizer that run trained with.',
  `Defaults: --length ${GENERATE_DEFAULTS.length} tokens, --temperature ${GENERATE_DEFAULTS.temperature} (0: the most likely token each step),`,
  `--top-k 0 (every token), --seed ${GENERATE_DEFAULTS.seed}; the same seed gives the same text.`,
].join('\n');

interface Options extends GenerateOptions {
  file: string;
  model?: string;
  run?: string;
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: "sample text from a trained language model's run",
  help: HELP,
  async run(args, io) {
    const o = parseArgs(args);
    const dir = o.run ? resolve(o.run) : newestRun(o);
    try {
      const { model, text } = await generateFromRun(dir, o);
      if (o.model && model !== o.model) throw new UserError(`${dir}: the run trained model '${model}', not '${o.model}'`);
      io.out(text);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof GenerateError || e instanceof RecordError) throw new UserError(e.message, { cause: e });
      throw e;
    }
  },
};

function newestRun(o: Options): string {
  const analysis = readExperiment(o.file);
  const model = o.model ?? analysis.trains[0]?.model ?? analysis.models[0]?.name;
  if (!model) throw new UserError(`${o.file}: no model block`);
  const runs = join(workspaceOf(o.file), '.modellab', 'runs');
  const dir = latestRun(runs, o.file, model);
  if (!dir) throw new UserError(`${o.file}: model '${model}' has no finished run in ${runs}; train it first, or pass --run`);
  return dir;
}

function parseArgs(args: readonly string[]): Options {
  const o: { -readonly [K in keyof Options]: Options[K] } = { ...GENERATE_DEFAULTS, file: '' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!,
      v = args[i + 1];
    const take = (): string => {
      if (v === undefined || (v.startsWith('--') && a !== '--prompt')) throw new UserError(`${a} needs a value`);
      i++;
      return v;
    };
    const num = (min: number, int: boolean): number => {
      const n = Number(take());
      if (!Number.isFinite(n) || n < min || (int && !Number.isInteger(n)))
        throw new UserError(`${a} must be ${int ? 'a whole number' : 'a number'} >= ${min}`);
      return n;
    };
    if (a === '--model') o.model = take();
    else if (a === '--run') o.run = take();
    else if (a === '--prompt') o.prompt = take();
    else if (a === '--length') o.length = num(1, true);
    else if (a === '--temperature') o.temperature = num(0, false);
    else if (a === '--top-k') o.topK = num(0, true);
    else if (a === '--seed') o.seed = num(0, true);
    else if (a.startsWith('--')) throw new UserError(`unknown option '${a}' (see model-lab help generate)`);
    else if (o.file) throw new UserError(`generate takes one file; unexpected '${a}'`);
    else o.file = a;
  }
  if (!o.file && !o.run) throw new UserError('generate needs a file: model-lab generate FILE --model NAME');
  return o;
}
