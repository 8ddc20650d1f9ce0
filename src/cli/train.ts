// `model-lab train FILE`: trains a model headless on the CPU, with a progress line, a summary,
// and the run record, checkpoints and loss curve in --out.

import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SourceRange } from '../graph/ir';
import { allocationFailureMessage, checkTrainingMemory, memoryLimitsFor, type MemoryLimits } from '../graph/memory-limit';
import type { TrainConfig } from '../graph/train-config';
import { runsForModel, type RunPlan } from '../lang/analyze';
import { BackendUnavailableError, type Backend } from '../engine/backend';
import { createBackend } from '../engine/backends/index';
import { CompatError, InitWeightsError } from '../engine/train/compat';
import { DistillError } from '../engine/train/distill';
import { DataError, loadData, targetKindFor, type LoadedData } from '../engine/data/load';
import { locationOf, nodeDataHost } from '../engine/data/node-host';
import { RunFileError } from '../engine/io/atomic';
import { readCheckpoint } from '../engine/io/checkpoint';
import { RunRecordWriter, runDirName } from '../engine/io/record-file';
import { hashFloats } from '../engine/hash';
import type { ResumeFrom } from '../engine/train/checkpoint';
import { train } from '../engine/train/trainer';
import type { RunEnd, RunObserver } from '../engine/train/types';
import { EXIT_OK, EXIT_USER_ERROR, UserError, type CliCommand, type CliIO } from './command';
import { atLeast, numberFlag, oneFile, parseFlags } from './flags';
import { formatDiagnostic, readExperiment, readInitWeights } from './read-experiment';
import { resumePlan } from './train-resume';
import { signalExitCode, stopOnSignals } from './train-signals';
import { describePruned } from '../engine/train/prune';
import { distillRecord, resolveTeacher, teacherLine } from './teacher';

interface Options {
  file: string;
  model?: string;
  device: 'cpu' | 'webgpu' | 'auto' | null;
  epochs?: number;
  seed?: number;
  out?: string;
  initFrom?: string;
  resume?: string;
  checkpointEvery: number;
  quiet: boolean;
  threads?: number;
}

/** Seconds between checkpoints inside an epoch (one is written at every epoch's end anyway). */
export const CHECKPOINT_EVERY_S = 30;

const HELP = [
  'Usage: model-lab train FILE [--model NAME] [--device cpu|webgpu|auto] [--epochs N] [--seed S]',
  '                            [--out DIR] [--init-from W.safetensors] [--resume RUN_DIR]',
  '                            [--checkpoint-every SECONDS] [--threads N] [--quiet]',
  '',
  'On the CPU it trains with WebAssembly SIMD on --threads threads (default: all cores).',
  'Trains MODEL (default: the model of the first train block) as its train block says, and writes',
  'record.jsonl (settings, per-step loss, per-epoch metrics, how it ended), init.safetensors,',
  'weights.safetensors and loss.svg to DIR (default: .modellab/runs/MODEL-TIME in the workspace).',
  'A sweep trains each setting in turn, into DIR/1, DIR/2, ...',
  '',
  `As it goes it writes checkpoint.safetensors (weights, optimizer state, counters) at every epoch's`,
  `end and every --checkpoint-every seconds (default ${CHECKPOINT_EVERY_S}), and best.safetensors when early`,
  'stopping watches a metric. Ctrl-C or SIGTERM stops after the current step, saving a checkpoint',
  '(a second Ctrl-C quits at once); --resume RUN_DIR continues a stopped or killed run from its',
  'checkpoint, in the same folder and record, with the settings it was started with.',
].join('\n');

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a model from an experiment file (CPU), writing a run record and weights',
  help: HELP,
  async run(args, io) {
    const o = parseArgs(args);
    const analysis = readExperiment(o.file);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      for (const d of errors) io.err(formatDiagnostic(o.file, d));
      return EXIT_USER_ERROR;
    }
    const modelName = o.model ?? analysis.trains[0]?.model;
    if (!modelName) throw new UserError(`${o.file}: no train block; add 'train MODEL on DATA { ... }'`);
    if (!analysis.models.some((m) => m.name === modelName)) throw new UserError(`${o.file}: no model named '${modelName}'`);
    const runs = runsForModel(analysis, modelName);
    if (runs.length === 0) throw new UserError(`${o.file}: model '${modelName}' has no train block`);
    if (o.resume) {
      const dir = resolve(o.resume);
      const { plan, record } = resumePlan(dir, runs);
      return trainOne(o, plan, dir, io, record.start.dataHash ?? '');
    }
    const base = o.out ? resolve(o.out) : join(workspaceOf(o.file), '.modellab', 'runs', runDirName(modelName));
    let code = EXIT_OK;
    for (let i = 0; i < runs.length; i++) {
      const dir = runs.length > 1 ? join(base, String(i + 1)) : base;
      if (runs.length > 1) io.out(`run ${i + 1}/${runs.length}: ${JSON.stringify(runs[i]!.config.sweep ?? {})}`);
      const c = await trainOne(o, runs[i]!, dir, io);
      code = code === EXIT_OK || c > 100 ? c : Math.max(code, c);
      if (c > 100) break; // stopped by a signal: the rest of the sweep is not started
    }
    return code;
  },
};

/** `resumeHash`: resume the run in `dir`, which trained on data of this hash ('' when unknown). */
async function trainOne(o: Options, run: RunPlan, dir: string, io: CliIO, resumeHash: string | null = null): Promise<number> {
  const resuming = resumeHash !== null;
  const at = (r: SourceRange) => `${o.file}:${r.startLine + 1}`;
  const trainAt = at(run.train.block.range);
  // A resumed run keeps its own settings: --epochs and --seed would make it another run.
  const config: TrainConfig = resuming
    ? run.config
    : { ...run.config, ...(o.epochs !== undefined ? { epochs: o.epochs } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) };
  let backend;
  try {
    const made = await createBackend(o.device ?? config.device, { threads: o.threads });
    backend = made.backend;
    if (made.note && !o.quiet) io.out(made.note);
    if (!o.quiet) io.out(`device: ${made.label}`);
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UserError(`${trainAt}: ${e.message}`);
    throw e;
  }
  const { refusal } = checkTrainingMemory(run.graph, config, memoryLimitsOf(backend));
  if (refusal) {
    backend.dispose();
    throw new UserError(`${trainAt}: ${refusal}`);
  }

  let loaded: LoadedData;
  const tl = Date.now();
  try {
    loaded = await loadData(run.data, config.seed, {
      host: nodeDataHost,
      location: locationOf(o.file),
      inputShape: run.graph.inputShape,
      targetKind: targetKindFor(config.loss),
    });
  } catch (e) {
    if (e instanceof DataError || (e instanceof Error && /split|dataset/.test(e.message)))
      throw new UserError(`${at(run.data.range)}: data ${run.data.name}: ${e.message}`);
    throw e;
  }
  const data = loaded.splits;
  if (!o.quiet)
    io.out(
      `data ${run.data.name}: ${data.train.size} train, ${data.val?.size ?? 0} val, ${data.test?.size ?? 0} test examples, ` +
        `loaded in ${((Date.now() - tl) / 1000).toFixed(2)}s`,
    );
  for (const note of loaded.stats.notes) if (!o.quiet) io.out(`  note: ${note}`);
  const init = o.initFrom && !resuming ? await readInitWeights(o.initFrom, locationOf(o.file).workspace) : null;
  const resume = resuming ? readResume(dir, resumeHash || undefined, hashFloats(data.train.x, data.train.y)) : null;
  const runsDir = join(workspaceOf(o.file), '.modellab', 'runs');
  const teacher = config.distill
    ? await resolveTeacher(o.file, runsDir, config.distill, teacherLine(o.file, run), resuming ? dir : null)
    : null;
  const record = fileErrors(
    () =>
      new RunRecordWriter(
        dir,
        {
          file: resolve(o.file),
          data: run.data,
          graph: run.graph,
          dataStats: loaded.stats,
          ...(loaded.tokenizer ? { tokenizer: loaded.tokenizer.toJSON() } : {}),
          initFrom: o.initFrom ? resolve(o.initFrom) : null,
          ...(teacher ? { distill: distillRecord(teacher, config.distill!) } : {}),
        },
        20,
        resuming,
      ),
  );
  const tokenizer = loaded.tokenizer;
  const progress = progressPrinter(config, io, o.quiet, (ids) => (tokenizer ? tokenizer.decode(ids) : ids.join(' ')));
  const signals = stopOnSignals((s) =>
    io.err(
      `${s === 'SIGINT' ? 'Ctrl-C' : s}: stopping after this step and saving a checkpoint${s === 'SIGINT' ? ' (Ctrl-C again quits at once)' : ''}`,
    ),
  );
  let end: RunEnd;
  try {
    end = await train({
      graph: run.graph,
      config,
      data,
      init,
      resume,
      backend,
      teacher: teacher?.model ?? null,
      control: signals.control,
      checkpoints: record.checkpoints(o.checkpointEvery * 1000),
      shuffle: run.data.shuffle !== 'off',
      augment: loaded.augment,
      observer: fanOut(record, progress),
    });
  } catch (e) {
    // The first error is the one reported: failing to record it (the same full disk) must not hide it.
    try {
      record.fail(e instanceof Error ? e.message : String(e));
    } catch {
      /* reported below */
    }
    if (e instanceof RunFileError) throw new UserError(e.message, { cause: e });
    if (e instanceof CompatError || e instanceof DistillError) throw new UserError(`${trainAt}: ${e.message}`);
    const allocation = allocationFailureMessage(e);
    if (allocation) throw new UserError(`${trainAt}: ${allocation}`);
    if (init && e instanceof InitWeightsError) throw new UserError(`${o.initFrom}: ${e.message}`);
    throw e;
  } finally {
    signals.dispose();
  }
  const metrics = Object.entries(end.final)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join('  ');
  io.out(
    `${run.graph.name}: ${end.status} after ${end.epochs} epochs, ${end.steps} steps ` +
      `in ${end.seconds.toFixed(1)}s (${Math.round(end.samplesPerSec)} samples/s)`,
  );
  if (end.message) io.out(`  ${end.message}`);
  if (metrics) io.out(`  ${metrics}`);
  if (end.nonZeroParams !== undefined) io.out(`  ${describePruned(end.nonZeroParams, end.sparsity ?? {})}`);
  io.out(`  run record: ${join(dir, 'record.jsonl')}`);
  if (end.status === 'diverged') {
    io.err(`${trainAt}: ${end.message}`);
    return EXIT_USER_ERROR;
  }
  const signal = signals.signal();
  if (signal && end.status === 'stopped') {
    io.out(`  resume with: model-lab train ${o.file} --resume ${dir}`);
    return signalExitCode(signal);
  }
  return EXIT_OK;
}

/** The WebGPU backend carries its device's limits; the CPU's come from the machine. */
function memoryLimitsOf(backend: Backend): MemoryLimits {
  return memoryLimitsFor(backend.name, (backend as Backend & { readonly limits?: GPUSupportedLimits }).limits ?? null, totalmem());
}

/** A run folder's checkpoint, refused when the data it trained on has changed since. */
function readResume(dir: string, recorded: string | undefined, dataHash: string): ResumeFrom {
  if (recorded && recorded !== dataHash)
    throw new UserError(`${dir}: the training data is not the data this run trained on (its hash changed); train it again instead`);
  try {
    return readCheckpoint(dir);
  } catch (e) {
    throw new UserError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** A run file that cannot be written is the user's to fix (a full disk): exit 1, the file named. */
function fileErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RunFileError) throw new UserError(e.message, { cause: e });
    throw e;
  }
}

const FLAGS = {
  model: { type: 'string' },
  device: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  'init-from': { type: 'string' },
  resume: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

function parseArgs(args: readonly string[]): Options {
  const { values: v, positionals } = parseFlags('train', args, FLAGS);
  const file = oneFile('train', positionals);
  if (!file) throw new UserError('train needs a file: model-lab train FILE');
  const device = v.device ?? null;
  if (device !== null && device !== 'cpu' && device !== 'webgpu' && device !== 'auto')
    throw new UserError(`--device is cpu, webgpu or auto, not '${device}'`);
  const whole = (min: number) => ({ whole: true, ...atLeast(min) });
  return {
    file,
    model: v.model,
    device,
    epochs: numberFlag('--epochs', v.epochs, whole(1)),
    seed: numberFlag('--seed', v.seed, whole(0)),
    out: v.out,
    initFrom: v['init-from'],
    resume: v.resume,
    checkpointEvery:
      numberFlag('--checkpoint-every', v['checkpoint-every'], { ok: (n) => n >= 0, range: '0 or more seconds' }) ?? CHECKPOINT_EVERY_S,
    quiet: v.quiet ?? false,
    threads: numberFlag('--threads', v.threads, whole(1)),
  };
}

/** The workspace: the nearest folder above the file holding .modellab, .vscode or .git; else the file's folder.
 *  Its .modellab/runs is where train writes runs and export looks for them. */
export function workspaceOf(file: string): string {
  let d = dirname(resolve(file));
  for (;;) {
    if (['.modellab', '.vscode', '.git'].some((m) => existsSync(join(d, m)))) return d;
    const up = dirname(d);
    if (up === d) return dirname(resolve(file));
    d = up;
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4);
}

function fanOut(...obs: RunObserver[]): RunObserver {
  return {
    start: (s) => obs.forEach((o) => o.start?.(s)),
    resumed: (s, at) => obs.forEach((o) => o.resumed?.(s, at)),
    step: (s) => obs.forEach((o) => o.step?.(s)),
    epoch: (e) => obs.forEach((o) => o.epoch?.(e)),
    sample: (e) => obs.forEach((o) => o.sample?.(e)),
    end: (e) => obs.forEach((o) => o.end?.(e)),
  };
}

/** A live progress bar on a terminal, and about twenty epoch lines either way. */
function progressPrinter(config: TrainConfig, io: CliIO, quiet: boolean, decode: (ids: readonly number[]) => string): RunObserver {
  const tty = !quiet && !!process.stderr.isTTY;
  const every = Math.max(1, Math.ceil(config.epochs / 20));
  let perEpoch = 1,
    t0 = Date.now(),
    samples = 0,
    batch = 1,
    lastDraw = 0;
  const shown = (epoch: number) => !quiet && (epoch % every === 0 || epoch === config.epochs || epoch === 1);
  return {
    start(s) {
      perEpoch = s.stepsPerEpoch;
      batch = s.batch;
      if (!quiet)
        io.out(
          `training ${s.model}: ${s.params.toLocaleString('en')} parameters, ` +
            `${s.examples.train} examples (val ${s.examples.val}, test ${s.examples.test}), ` +
            `batch ${s.batch}, ${config.epochs} epochs on ${s.device}`,
        );
      t0 = Date.now();
    },
    resumed(s, at) {
      perEpoch = s.stepsPerEpoch;
      batch = s.batch;
      if (!quiet) io.out(`resuming ${s.model} at epoch ${at.epoch + 1}, step ${at.step}, on ${s.device}`);
      t0 = Date.now();
    },
    step(s) {
      samples += batch;
      if (!tty || Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      const done = ((s.step - 1) % perEpoch) + 1,
        width = 24,
        fill = Math.round((width * done) / perEpoch);
      const rate = samples / Math.max(1e-3, (Date.now() - t0) / 1000);
      process.stderr.write(
        `\r\x1b[Kepoch ${s.epoch}/${config.epochs} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ` +
          `${done}/${perEpoch}  loss ${fmt(s.loss)}  ${Math.round(rate)} samples/s`,
      );
    },
    epoch(e) {
      if (tty) process.stderr.write('\r\x1b[K');
      if (!shown(e.epoch)) return;
      io.out(
        `epoch ${e.epoch}/${config.epochs}  ${Object.entries(e.metrics)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join('  ')}  (${e.seconds.toFixed(2)}s)`,
      );
    },
    sample(s) {
      if (shown(s.epoch)) io.out(`  sample after epoch ${s.epoch}: ${JSON.stringify(decode(s.ids))}`);
    },
  };
}
