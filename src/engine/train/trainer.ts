// The training loop: epochs of shuffled batches (the last one partial), one compiled step per
// batch, validation each epoch, early stopping and stop-when thresholds, and a clean stop with
// the step named when the loss stops being finite. Platform-neutral: no fs, no DOM; progress
// and the run record go to a RunObserver (the CLI writes JSON lines, the webview draws charts).

import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import { type Backend, newRuntime } from '../backend';
import { CpuBackend } from '../backends/cpu';
import type { BatchAugment } from '../data/augment';
import { type Dataset, fillBatch, type Splits } from '../data/dataset';
import { hashFloats, hashString } from '../hash';
import { IGNORE_INDEX } from '../kernels/codes';
import { initialWeights } from '../init';
import { learningRate } from '../optim/schedule';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import { deriveSeed, Rng } from '../rng';
import { type CheckpointSink, Checkpointer, type ResumeFrom, restoreInto, type TrainState } from './checkpoint';
import { EarlyStopper } from './early-stop';
import { LossWindows } from './loss-window';
import { computeMetrics, taskFor, type Task } from './metrics';
import { checkCompatible, checkInitWeights, checkTokenIds } from './compat';
import { LayerInspector, layerOutputs, type LayerStats } from './layer-stats';
import { Pruner, sparsityOf } from './prune';
import { epochSampler } from '../infer/epoch-sample';
import { DistillError, SoftTargets, Teacher, type TeacherModel } from './distill';
import type { EpochRecord, NamedTensors, RunEnd, RunObserver, RunStart } from './types';

export interface TrainInput {
  readonly graph: Graph;
  readonly config: TrainConfig;
  readonly data: Splits;
  readonly backend?: Backend;
  /** Start from these weights instead of the seeded initialisation. */
  readonly init?: NamedTensors | null;
  readonly observer?: RunObserver;
  readonly control?: RunControl;
  /** Reshuffle the training set each epoch (a data block's `shuffle: off` turns it off). */
  readonly shuffle?: boolean;
  /** Rewrites each training batch in place (image augmentation); never applied to evaluation. */
  readonly augment?: BatchAugment | null;
  /** Layer statistics while training (the architecture diagram): a snapshot every `everyMs`,
   *  taken between steps, and one at the end. Off: the plan and the step loop are unchanged. */
  readonly inspect?: { readonly everyMs: number; readonly onStats: (s: LayerStats) => void } | null;
  /** Checkpoints as the run goes: at every epoch's end, every `everyMs` inside one, and at a stop. */
  readonly checkpoints?: CheckpointSink | null;
  /** Continue a run from its checkpoint: the same steps follow as if it had never stopped. */
  readonly resume?: ResumeFrom | null;
  /** A distilled run's teacher (config.distill): its graph and trained weights. */
  readonly teacher?: TeacherModel | null;
}

/** Epoch records kept in memory (RunEnd.history): the last ones; the run record keeps them all. */
export const HISTORY_KEPT = 1000;

/** How a run is steered while it goes (the trainer panel's Stop, Pause and learning-rate box). */
export interface RunControl {
  /** Set to true to end the run after the current step. */
  stop: boolean;
  /** When set, used as the learning rate instead of the schedule's. */
  lr?: number | null;
  /** Awaited after every step: lets a worker take messages (stop, pause) between steps, and pause. */
  checkpoint?: () => Promise<void>;
}

const shuffleRng = (seed: number) => new Rng(deriveSeed(seed, 'shuffle'));

/** The order the first epoch of a fresh run visits the training set in: the trainer panel's host
 *  sends a large set in this order, so the first steps can start on its first chunk. */
export function firstEpochOrder(n: number, seed: number, shuffle: boolean): Uint32Array {
  const order = new Uint32Array(n).map((_, i) => i);
  if (shuffle) shuffleRng(seed).shuffle(order);
  return order;
}

export async function train(input: TrainInput): Promise<RunEnd> {
  const { graph, config, data } = input;
  const obs = input.observer ?? {};
  const t0 = Date.now();
  const compat = checkCompatible(graph, config, data.train);
  for (const split of [data.val, data.test]) if (split) checkTokenIds(graph, split);
  const batch = Math.max(1, Math.min(config.batch, data.train.size));
  const backend = input.backend ?? new CpuBackend();
  const fuse = backend.supports?.('bias_act') ?? false;
  const inspect = input.inspect ?? null;
  const plan = compilePlan(graph, {
    maxBatch: batch,
    loss: config.loss,
    optimizer: config.optimizer,
    weightDecay: config.weightDecay,
    l1: config.l1,
    weightDecayOn: config.weightDecayOn,
    l1On: config.l1On,
    clipNorm: config.clipNorm,
    prune: !!config.prune,
    ...(config.distill ? { distill: { temperature: config.distill.temperature, alpha: config.distill.alpha } } : {}),
    fuse,
    ...(inspect ? { observe: layerOutputs(graph) } : {}),
  });
  const exe = new Executable(plan, backend);
  if (input.init) checkInitWeights(plan.params, input.init);
  const init = input.init ?? initialWeights(plan.params, config.seed);
  const resume = input.resume ?? null,
    at: TrainState | null = resume?.checkpoint.state ?? null;
  if (resume) restoreInto(exe, resume.checkpoint);
  else exe.writeWeights(exe.flat(init));
  const task = taskFor(data.train.classes, plan, config.loss);
  const pruner = config.prune ? new Pruner(exe, config.prune) : null;
  const soft = config.distill ? await softTargets(input, backend, plan, batch, fuse) : null;

  const start: RunStart = {
    model: graph.name,
    config,
    seed: config.seed,
    device: backend.name,
    dataHash: hashFloats(data.train.x, data.train.y),
    graphHash: graphHash(graph),
    examples: { train: data.train.size, val: data.val?.size ?? 0, test: data.test?.size ?? 0 },
    params: plan.stats.trainableParams,
    batch,
    stepsPerEpoch: Math.ceil(data.train.size / batch),
    initialWeights: init,
  };
  if (at) obs.resumed?.(start, { epoch: at.epoch, step: at.step });
  else obs.start?.(start);

  const W = plan.lossWindow,
    N = data.train.size;
  const xs = new Float32Array(batch * plan.inputLen),
    ts = new Float32Array(batch * plan.targetLen);
  const order = new Uint32Array(N).map((_, i) => i);
  const shuffle = shuffleRng(config.seed);
  const rt = newRuntime();
  rt.seed = deriveSeed(config.seed, 'dropout');
  const stopper = config.earlyStop ? new EarlyStopper(config.earlyStop, !!data.val, at?.stopper ?? null) : null;
  const history: EpochRecord[] = at?.last ? [at.last] : [];
  let epochsDone = at?.epochs ?? 0,
    shuffled = at?.shuffled ?? 0;
  let step = at?.step ?? 0,
    trainedSamples = at?.trainedSamples ?? 0,
    status: RunEnd['status'] = 'completed',
    message = '',
    trainTime = at?.trainMs ?? 0;
  const losses = new LossWindows(backend, exe.handle(plan.lossLog), W, (r) => obs.step?.(r), step);
  // The data order: the shuffles so far replayed from the seed.
  for (let i = 0; i < shuffled; i++) shuffle.shuffle(order);
  // Checkpoints, and the best epoch (its weights are restored when early stopping ends the run).
  const checkpoints = new Checkpointer(exe, input.checkpoints ?? null, at?.best ? { ...at.best, weights: resume?.best ?? null } : null);
  const saveCheckpoint = (reason: 'epoch' | 'interval' | 'stop', epoch: number, batchStart: number) =>
    checkpoints.save(reason, {
      epoch,
      batchStart,
      step,
      shuffled,
      trainedSamples,
      trainMs: trainTime,
      ...losses.sums(),
      epochs: epochsDone,
      last: history[history.length - 1] ?? null,
      stopper: stopper?.state() ?? null,
    });

  // Layer statistics, between steps (the snapshot's eval run rewrites the x and target buffers and
  // the loss log's eval slot, never a train slot: loss reads in flight are unaffected).
  // A language model's text after each epoch, only when someone records it.
  const sampler = obs.sample ? epochSampler(graph, config, data.val ?? data.train) : null;
  const inspector = inspect && plan.observed.length > 0 ? new LayerInspector(exe, graph, data.val ?? data.train, compat.oneHot) : null;
  let statsDue = 0,
    statsStep = -1;
  const takeStats = async () => {
    statsDue = Date.now() + inspect!.everyMs;
    statsStep = step;
    inspect!.onStats(await inspector!.snapshot(step, Math.ceil(step / start.stepsPerEpoch)));
  };

  epochs: for (let epoch = at?.epoch ?? 0; epoch < config.epochs; epoch++) {
    const te = Date.now();
    const first = at && epoch === at.epoch ? at.batchStart : 0;
    losses.startEpoch(first > 0 ? at! : { epochLoss: 0, epochN: 0 });
    const sparsity = pruner ? await pruner.atEpoch(epoch) : null;
    if (first === 0 && (input.shuffle ?? true)) {
      shuffle.shuffle(order);
      shuffled++;
    }
    for (let s0 = first; s0 < N; s0 += batch) {
      const n = Math.min(batch, N - s0);
      fillBatch(data.train, order, s0, n, xs, ts, compat.oneHot);
      input.augment?.(xs, n, step);
      exe.writeBatch(xs, ts);
      if (soft) backend.write(exe.handle(plan.target), await soft.batch(xs, order, s0, n), plan.softTargets!);
      rt.n = n;
      rt.step = step + 1;
      rt.lr =
        input.control?.lr ??
        learningRate(config.optimizer.lr, config.schedule, epoch, step, { stepsPerEpoch: start.stepsPerEpoch, epochs: config.epochs });
      rt.lossSlot = losses.slot(step, n);
      exe.trainStep(rt);
      step++;
      trainedSamples += n;
      if (s0 + n >= N) {
        if (!(await losses.flush(step, epoch))) break epochs;
      } else if (rt.lossSlot === W - 1 && !(await losses.rotate(step, epoch))) break epochs;
      await input.control?.checkpoint?.();
      if (inspector && Date.now() >= statsDue) await takeStats();
      if (input.control?.stop) {
        if (!(await losses.flush(step, epoch))) break epochs;
        status = 'stopped';
        message = `stopped at step ${step}`;
        if (s0 + n >= N) break; // the epoch's last step: its end (record, checkpoint) follows
        trainTime += Date.now() - te;
        await saveCheckpoint('stop', epoch, s0 + n);
        break epochs;
      }
      if (checkpoints.intervalDue() && s0 + n < N) {
        if (!(await losses.flush(step, epoch))) break epochs;
        await saveCheckpoint('interval', epoch, s0 + n);
      }
    }
    trainTime += Date.now() - te;
    const m: Record<string, number> = { loss: losses.epochMean(), ...(sparsity !== null ? { sparsity } : {}) };
    const evalSet = data.val ?? data.train;
    const ev = await evaluate(exe, evalSet, config, compat.oneHot, task);
    const prefix = data.val ? 'val_' : 'train_';
    if (data.val) m.val_loss = ev.loss;
    for (const [k, v] of Object.entries(ev.metrics)) m[prefix + k] = v;
    const rec: EpochRecord = {
      epoch: epoch + 1,
      step,
      lr: rt.lr,
      metrics: m,
      seconds: (Date.now() - te) / 1000,
      samplesPerSec: N / Math.max(1e-3, (Date.now() - te) / 1000),
    };
    history.push(rec);
    if (history.length >= 2 * HISTORY_KEPT) history.splice(0, history.length - HISTORY_KEPT);
    epochsDone++;
    obs.epoch?.(rec);
    if (sampler) obs.sample!(await sampler(exe.named(await exe.readWeights()), epoch + 1, step));
    const stopEarly = stopper?.update(m, epoch + 1) ?? false;
    if (stopper && stopper.bestEpoch === epoch + 1) await checkpoints.newBest(epoch + 1, m);
    await saveCheckpoint(status === 'stopped' ? 'stop' : 'epoch', epoch + 1, 0);
    if (status === 'stopped') break;
    const v = config.stopWhen ? m[config.stopWhen.metric] : undefined;
    if (config.stopWhen && v !== undefined && v < config.stopWhen.below) {
      status = 'threshold';
      message = `${config.stopWhen.metric} ${v.toPrecision(4)} fell below ${config.stopWhen.below} at epoch ${epoch + 1}`;
      break;
    }
    if (stopEarly) {
      status = 'early_stopped';
      message = stopper!.message();
      break;
    }
  }
  if (losses.diverged !== null) {
    status = 'diverged';
    message = losses.diverged;
  }
  // Early stopping goes back to the best epoch's weights unless told not to (restore_best off).
  const best = checkpoints.best;
  const restored =
    status === 'early_stopped' && config.earlyStop?.restoreBest !== false && best?.weights && best.epoch !== epochsDone ? best : null;
  if (restored) exe.writeWeights(exe.flat(restored.weights!));
  await checkpoints.flushBest();

  if (inspector && statsStep !== step && step > 0) await takeStats();
  const w = await exe.readWeights();
  const test =
    data.test && (status as RunEnd['status']) !== 'diverged' ? await evaluate(exe, data.test, config, compat.oneHot, task) : null;
  const last = history[history.length - 1];
  const pruned = pruner ? sparsityOf(w.params, plan.params) : null;
  const final: Record<string, number> = { ...(restored?.metrics ?? last?.metrics ?? {}) };
  if (test) {
    final.test_loss = test.loss;
    for (const [k, v] of Object.entries(test.metrics)) final[`test_${k}`] = v;
  }
  const seconds = (Date.now() - t0) / 1000;
  const end: RunEnd = {
    status,
    message,
    epochs: epochsDone,
    steps: step,
    final,
    bestEpoch: stopper?.bestEpoch ?? epochsDone,
    weightsEpoch: restored?.epoch ?? epochsDone,
    ...(pruned ? { nonZeroParams: pruned.nonZero, sparsity: Object.fromEntries(pruned.layers) } : {}),
    seconds,
    samplesPerSec: trainedSamples / Math.max(1e-3, trainTime / 1000),
    weights: exe.named(w),
    history,
  };
  obs.end?.(end);
  return end;
}

/** A distilled run's soft targets: cached over the training set unless augmentation changes every batch. */
async function softTargets(input: TrainInput, backend: Backend, plan: Executable['plan'], batch: number, fuse: boolean) {
  if (!input.teacher)
    throw new DistillError(`this run distils from '${input.config.distill!.teacher}', whose weights were not given (TrainInput.teacher)`);
  const teacher = new Teacher(backend, input.teacher, batch, fuse);
  return SoftTargets.create(teacher, plan, input.data.train, !input.augment);
}

/** Loss and metrics of the current weights on a data set, in eval mode. */
export async function evaluate(
  exe: Executable,
  ds: Dataset,
  config: TrainConfig,
  oneHot: number,
  task: Task,
): Promise<{ loss: number; metrics: Record<string, number> }> {
  const { out, loss } = await outputsOf(exe, ds, oneHot);
  return { loss, metrics: computeMetrics(config.metrics, out, ds.y, ds.size, task) };
}

/** The model's outputs on every example of a data set ([N, outputLen]) and the mean loss, in eval
 *  mode: a mean over examples, or for per-token cross-entropy over the set's counted tokens. */
export async function outputsOf(exe: Executable, ds: Dataset, oneHot: number): Promise<{ out: Float32Array; loss: number }> {
  const plan = exe.plan,
    B = plan.maxBatch,
    N = ds.size,
    D = plan.outputLen;
  const xs = new Float32Array(B * plan.inputLen),
    ts = new Float32Array(B * plan.targetLen);
  const out = new Float32Array(N * D);
  const order = new Uint32Array(N).map((_, i) => i);
  const rt = newRuntime();
  rt.lossSlot = plan.lossWindow;
  let loss = 0,
    weight = 0;
  for (let s0 = 0; s0 < N; s0 += B) {
    const n = Math.min(B, N - s0);
    fillBatch(ds, order, s0, n, xs, ts, oneHot);
    exe.writeBatch(xs, ts);
    rt.n = n;
    exe.evaluate.run(rt);
    out.set(await exe.backend.read(exe.handle(plan.evalOutput), 0, n * D), s0 * D);
    const w = plan.perToken ? countedTokens(ts, n * plan.targetLen) : n;
    loss += (await exe.backend.read(exe.handle(plan.lossLog), plan.lossWindow, 1))[0]! * w;
    weight += w;
  }
  return { out, loss: weight > 0 ? loss / weight : 0 };
}

function countedTokens(ts: Float32Array, len: number): number {
  let c = 0;
  for (let i = 0; i < len; i++) if (ts[i] !== IGNORE_INDEX) c++;
  return c;
}

/** Identifies an architecture: ops, wiring and shapes, not names or source positions. */
export function graphHash(g: Graph): string {
  return hashString(JSON.stringify(g.nodes.map((n) => [n.op.kind === 'param' ? { ...n.op, name: '' } : n.op, n.inputs, n.shape])));
}
