// What Model Lab does in Restricted Mode (an untrusted folder). Reading an experiment never runs
// code, so language features, diagrams, the data preview and run reports stay. Off are the commands
// that write into the folder and spend the machine as the file asks: training (and its sweeps),
// re-running a recorded run, export (which writes a script a person may then run), the
// compression report (which exports and times every variant) and quantizing (which writes the
// int8 files into a run folder). Pure: the
// trust state is injected (workspace-trust.ts binds it to VS Code), so the unit tests run it.
import type { CommandId } from './command-ids';

const TRAINS = 'it writes runs into this folder and trains as long and as large as the file asks';

/** The commands Restricted Mode turns off, each with what it is and why it needs trust. */
export const NEEDS_TRUST: Readonly<Partial<Record<CommandId, readonly [what: string, why: string]>>> = {
  'modelLab.train': ['Training', TRAINS],
  'modelLab.rerun': ['Re-running a run', TRAINS],
  'modelLab.resume': ['Resuming a run', TRAINS],
  'modelLab.export': ['Export', 'it writes a script into this folder that you may then run'],
  'modelLab.showCompressionReport': [
    'The compression report',
    'it writes an ONNX file into each run folder that has none, and times every variant',
  ],
  'modelLab.quantize': ['Quantizing a run', 'it writes the int8 model into the run folder after calibrating on its data'],
};

export interface Trust {
  /** Read at each call, so trust granted later takes effect at once. */
  readonly isTrusted: boolean;
  /** Tells the person why nothing happened and how to trust the folder. */
  refuse(message: string): void;
}

export const refusal = ([what, why]: readonly [string, string]): string =>
  `Model Lab: ${what} is off in Restricted Mode (${why}). Trust the folder to turn it on.`;

type Commands = Record<CommandId, (...args: never[]) => unknown>;

/** The same commands, those in NEEDS_TRUST refusing (returning undefined) while the folder is untrusted. */
export function gateCommands<T extends Commands>(commands: T, trust: Trust): T {
  const out = { ...commands };
  for (const [id, what] of Object.entries(NEEDS_TRUST) as [CommandId, readonly [string, string]][]) {
    const run = commands[id];
    out[id] = ((...args: never[]) => {
      if (trust.isTrusted) return run(...args);
      trust.refuse(refusal(what));
      return undefined;
    }) as T[CommandId];
  }
  return out;
}
