// `model-lab generate FILE --model M [--run DIR] --length N --temperature T --seed S`: text
// sampled from a trained language model's newest finished run (or --run DIR) with its tokenizer.
import { join, resolve } from 'node:path';
import { GenerateError, GENERATE_DEFAULTS, type GenerateOptions } from '../engine/infer/generate';
import { generateFromRun } from '../engine/infer/generate-run';
import { RecordError } from '../engine/io/read-record';
import { latestRun } from '../export/onnx/sources';
import { EXIT_OK, UserError, type CliCommand } from './command';
import { atLeast, numberFlag, oneFile, parseFlags } from './flags';
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

const FLAGS = {
  model: { type: 'string' },
  run: { type: 'string' },
  prompt: { type: 'string', anyValue: true },
  length: { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  seed: { type: 'string' },
} as const;

function parseArgs(args: readonly string[]): Options {
  const { values: v, positionals } = parseFlags('generate', args, FLAGS);
  const file = oneFile('generate', positionals) ?? '';
  if (!file && !v.run) throw new UserError('generate needs a file: model-lab generate FILE --model NAME');
  const d = GENERATE_DEFAULTS;
  const whole = (min: number) => ({ whole: true, ...atLeast(min) });
  return {
    file,
    model: v.model,
    run: v.run,
    prompt: v.prompt ?? d.prompt,
    length: numberFlag('--length', v.length, whole(1)) ?? d.length,
    temperature: numberFlag('--temperature', v.temperature, atLeast(0)) ?? d.temperature,
    topK: numberFlag('--top-k', v['top-k'], whole(0)) ?? d.topK,
    seed: numberFlag('--seed', v.seed, whole(0)) ?? d.seed,
  };
}
