// Shared by the PyTorch export tests: an experiment sample's first run plan, the engine's own
// per-step losses for it, and running an exported script with Debian's python3-torch.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Backend } from '../../../src/engine/backend';
import { loadData, targetKindFor } from '../../../src/engine/data/load';
import { locationOf, nodeDataHost } from '../../../src/engine/data/node-host';
import { encodeSafetensors } from '../../../src/engine/io/safetensors';
import { train } from '../../../src/engine/train/trainer';
import type { NamedTensors } from '../../../src/engine/train/types';
import { pytorchScript } from '../../../src/export/pytorch/script';
import { analyze, runsForModel, type RunPlan } from '../../../src/lang';

/** The Python with torch (CI installs Debian's python3-torch into the system Python). */
export const PYTHON = process.env.MODEL_LAB_PYTHON ?? '/usr/bin/python3';
export const TORCHRUN = process.env.MODEL_LAB_TORCHRUN ?? '/usr/bin/torchrun';
export const SAMPLES = resolve(__dirname, '../../../samples');
const execFileP = promisify(execFile);
/** execFile, with a failure that says why: killed by the timeout or the exit code, and the tail of
 *  what the process printed (execFile's own error names only the command line). */
async function run(file: string, args: readonly string[], opts: Parameters<typeof execFileP>[2]): Promise<{ stdout: string }> {
  try {
    const r = await execFileP(file, [...args], { ...opts, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { stdout: String(r.stdout) };
  } catch (e) {
    const x = e as { killed?: boolean; code?: number | string; signal?: string; stdout?: string; stderr?: string };
    const why = x.killed ? `killed after ${opts?.timeout} ms (${x.signal})` : `exit ${x.code ?? x.signal}`;
    const tail = (t?: string) => (t ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${file} ${args.join(' ')}: ${why}\n--- stdout\n${tail(x.stdout)}\n--- stderr\n${tail(x.stderr)}`);
  }
}

export function planOf(sample: string): RunPlan & { file: string } {
  return plansOf(sample)[0]!;
}

/** The first run plan of each train block of a sample. */
export function plansOf(sample: string): (RunPlan & { file: string })[] {
  return plansOfText(readFileSync(join(SAMPLES, sample), 'utf8'), join(SAMPLES, sample));
}

/** The same for an experiment's text, as if it were the file `file` (its data paths start there). */
export function plansOfText(text: string, file: string): (RunPlan & { file: string })[] {
  const analysis = analyze(text);
  return analysis.trains.map((t) => ({ ...runsForModel(analysis, t.model)[0]!, file }));
}

/** Writes the sample's script into a fresh folder; returns the folder and the script's path. */
export function writeScript(plan: RunPlan & { file: string }): { dir: string; script: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlab-pt-'));
  const script = join(dir, `train_${plan.graph.name}.py`);
  writeFileSync(
    script,
    pytorchScript({
      graph: plan.graph,
      config: plan.config,
      data: plan.data,
      file: plan.file,
      dataRoot: dirname(plan.file),
      scriptName: 'x.py',
    }),
  );
  return { dir, script };
}

/** The engine's first `steps` training losses (CPU backend) and the initial weights it used. */
export async function engineLosses(
  plan: RunPlan & { file: string },
  steps: number,
  backend?: Backend,
): Promise<{ losses: number[]; init: NamedTensors }> {
  const loaded = await loadData(plan.data, plan.config.seed, {
    host: nodeDataHost,
    location: locationOf(plan.file),
    inputShape: plan.graph.inputShape,
    targetKind: targetKindFor(plan.config.loss),
  });
  const losses: number[] = [];
  let done = 0,
    init: NamedTensors | null = null;
  const control = { stop: false, checkpoint: async () => void (++done >= steps && (control.stop = true)) };
  await train({
    graph: plan.graph,
    config: plan.config,
    data: loaded.splits,
    ...(backend ? { backend } : {}),
    shuffle: plan.data.shuffle !== 'off',
    augment: loaded.augment,
    control,
    observer: { start: (s) => void (init = s.initialWeights), step: (r) => void losses.push(r.loss) },
  });
  return { losses: losses.slice(0, steps), init: init! };
}

export function writeWeights(dir: string, w: NamedTensors): string {
  const path = join(dir, 'init.safetensors');
  writeFileSync(path, encodeSafetensors(w));
  return path;
}

export async function python(args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<string> {
  const r = await run(PYTHON, [...args], { cwd, timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return r.stdout;
}

export async function torchrun(n: number, args: readonly string[], cwd: string, timeoutMs = 180_000): Promise<string> {
  // --redirects/--tee 1: Debian's torch 1.13 on Python 3.11 reads their default '0' as None and fails.
  const r = await run(TORCHRUN, [`--nproc_per_node=${n}`, '--redirects', '1', '--tee', '1', ...args], {
    cwd,
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  return r.stdout;
}

/** The step losses a script's record.jsonl holds. */
export function recordLosses(runDir: string): number[] {
  return readFileSync(join(runDir, 'record.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"step"'))
    .map((l) => (JSON.parse(l) as { loss: number }).loss);
}
