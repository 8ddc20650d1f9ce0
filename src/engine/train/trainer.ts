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
import { initialWeights } from '../init';
import { learningRate } from '../optim/schedule';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import { deriveSeed, Rng } from '../rng';
import { EarlyStopper } from './early-stop';
import { LossWindows } from './loss-window';
import { computeMetrics, taskFor, type Task } from './metrics';
import { checkCompatible, checkInitWeights } from './compat';
import { LayerInspector, layerOutputs, type LayerStats } from './layer-stats';
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
}

/** How a run is steered while it goes (the trainer panel's Stop, Pause and learning-rate box). */
export interface RunControl {
  /** Set to true to end the run after the current step. */
  stop: boolean;
  /** When set, used as the learning rate instead of the schedule's. */
  lr?: number | null;
  /** Awaited after every step: lets a worker take messages (stop, pause) between steps, and pause. */
  checkpoint?: () => Promise<void>;
}

export async function train(input: TrainInput): Promise<RunEnd> {
  const { graph, config, data } = input;
  const obs = input.observer ?? {};
  const t0 = Date.now();
  const compat = checkCompatible(graph, config, data.train);
  const batch = Math.max(1, Math.min(config.batch, data.train.size));
  const backend = input.backend ?? new CpuBackend();
  const fuse = backend.supports?.('bias_act') ?? false;
  const inspect = input.inspect ?? null;
  const plan = compilePlan(graph, { maxBatch: batch, loss: config.loss, optimizer: config.optimizer, weightDecay: config.weightDecay, l1: config.l1, weightDecayOn: config.weightDecayOn, l1On: config.l1On, clipNorm: config.clipNorm, fuse, ...(inspect ? { observe: layerOutputs(graph) } : {}) });
  const exe = new Executable(plan, backend);
  if (input.init) checkInitWeights(plan.params, input.init);
  const init = input.init ?? initialWeights(plan.params, config.seed);
  exe.writeWeights(exe.flat(init));
  const task = taskFor(data.train.classes, plan, config.loss);

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
  obs.start?.(start);

  const W = plan.lossWindow, N = data.train.size;
  const xs = new Float32Array(batch * plan.inputLen), ts = new Float32Array(batch * plan.targetLen);
  const order = new Uint32Array(N).map((_, i) => i);
  const shuffle = new Rng(deriveSeed(config.seed, 'shuffle'));
  const rt = newRuntime();
  rt.seed = deriveSeed(config.seed, 'dropout');
  const stopper = config.earlyStop ? new EarlyStopper(config.earlyStop, !!data.val) : null;
  const history: EpochRecord[] = [];
  let step = 0, trainedSamples = 0, status: RunEnd['status'] = 'completed', message = '', trainTime = 0;
  const losses = new LossWindows(backend, exe.handle(plan.lossLog), W, (r) => obs.step?.(r));

  // Layer statistics, between steps (the snapshot's eval run rewrites the x and target buffers and
  // the loss log's eval slot, never a train slot: loss reads in flight are unaffected).
  const inspector = inspect && plan.observed.length > 0 ? new LayerInspector(exe, graph, data.val ?? data.train, compat.oneHot) : null;
  let statsDue = 0, statsStep = -1;
  const takeStats = async () => {
    statsDue = Date.now() + inspect!.everyMs;
    statsStep = step;
    inspect!.onStats(await inspector!.snapshot(step, Math.ceil(step / start.stepsPerEpoch)));
  };

  epochs: for (let epoch = 0; epoch < config.epochs; epoch++) {
    const te = Date.now();
    losses.startEpoch();
    if (input.shuffle ?? true) shuffle.shuffle(order);
    for (let s0 = 0; s0 < N; s0 += batch) {
      const n = Math.min(batch, N - s0);
      fillBatch(data.train, order, s0, n, xs, ts, compat.oneHot);
      input.augment?.(xs, n, step);
      exe.writeBatch(xs, ts);
      rt.n = n;
      rt.step = step + 1;
      rt.lr = input.control?.lr ?? learningRate(config.optimizer.lr, config.schedule, epoch, step, { stepsPerEpoch: start.stepsPerEpoch, epochs: config.epochs });
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
        break epochs;
      }
    }
    trainTime += Date.now() - te;
    const m: Record<string, number> = { loss: losses.epochMean() };
    const evalSet = data.val ?? data.train;
    const ev = await evaluate(exe, evalSet, config, compat.oneHot, task);
    const prefix = data.val ? 'val_' : 'train_';
    if (data.val) m.val_loss = ev.loss;
    for (const [k, v] of Object.entries(ev.metrics)) m[prefix + k] = v;
    const rec: EpochRecord = { epoch: epoch + 1, step, lr: rt.lr, metrics: m, seconds: (Date.now() - te) / 1000, samplesPerSec: N / Math.max(1e-3, (Date.now() - te) / 1000) };
    history.push(rec);
    obs.epoch?.(rec);
    if (config.stopWhen) {
      const v = m[config.stopWhen.metric];
      if (v !== undefined && v < config.stopWhen.below) {
        status = 'threshold';
        message = `${config.stopWhen.metric} ${v.toPrecision(4)} fell below ${config.stopWhen.below} at epoch ${epoch + 1}`;
        break;
      }
    }
    if (stopper?.update(m, epoch + 1)) {
      status = 'early_stopped';
      message = stopper.message();
      break;
    }
  }

  if (losses.diverged !== null) {
    status = 'diverged';
    message = losses.diverged;
  }
  if (inspector && statsStep !== step && step > 0) await takeStats();
  const w = await exe.readWeights();
  const test = data.test && (status as RunEnd['status']) !== 'diverged' ? await evaluate(exe, data.test, config, compat.oneHot, task) : null;
  const last = history[history.length - 1];
  const final: Record<string, number> = { ...(last?.metrics ?? {}) };
  if (test) {
    final.test_loss = test.loss;
    for (const [k, v] of Object.entries(test.metrics)) final[`test_${k}`] = v;
  }
  const seconds = (Date.now() - t0) / 1000;
  const end: RunEnd = {
    status,
    message,
    epochs: history.length,
    steps: step,
    final,
    bestEpoch: stopper?.bestEpoch ?? history.length,
    seconds,
    samplesPerSec: trainedSamples / Math.max(1e-3, trainTime / 1000),
    weights: exe.named(w),
    history,
  };
  obs.end?.(end);
  return end;
}

/** Loss and metrics of the current weights on a data set, in eval mode. */
export async function evaluate(exe: Executable, ds: Dataset, config: TrainConfig, oneHot: number, task: Task): Promise<{ loss: number; metrics: Record<string, number> }> {
  const { out, loss } = await outputsOf(exe, ds, oneHot);
  return { loss, metrics: computeMetrics(config.metrics, out, ds.y, ds.size, task) };
}

/** The model's outputs on every example of a data set ([N, outputLen]) and the mean loss, in eval mode. */
export async function outputsOf(exe: Executable, ds: Dataset, oneHot: number): Promise<{ out: Float32Array; loss: number }> {
  const plan = exe.plan, B = plan.maxBatch, N = ds.size, D = plan.outputLen;
  const xs = new Float32Array(B * plan.inputLen), ts = new Float32Array(B * plan.targetLen);
  const out = new Float32Array(N * D);
  const order = new Uint32Array(N).map((_, i) => i);
  const rt = newRuntime();
  rt.lossSlot = plan.lossWindow;
  let loss = 0;
  for (let s0 = 0; s0 < N; s0 += B) {
    const n = Math.min(B, N - s0);
    fillBatch(ds, order, s0, n, xs, ts, oneHot);
    exe.writeBatch(xs, ts);
    rt.n = n;
    exe.evaluate.run(rt);
    out.set(await exe.backend.read(exe.handle(plan.evalOutput), 0, n * D), s0 * D);
    loss += (await exe.backend.read(exe.handle(plan.lossLog), plan.lossWindow, 1))[0]! * n;
  }
  return { out, loss: loss / Math.max(1, N) };
}

/** Identifies an architecture: ops, wiring and shapes, not names or source positions. */
export function graphHash(g: Graph): string {
  return hashString(JSON.stringify(g.nodes.map((n) => [n.op.kind === 'param' ? { ...n.op, name: '' } : n.op, n.inputs, n.shape])));
}
