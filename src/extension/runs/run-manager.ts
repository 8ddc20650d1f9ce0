// Starts runs from the editor: resolves the model's train blocks (a sweep gives several runs, one
// after another), loads their data on the host, hands each to the trainer page, and routes the
// page's events to the run's session. One run at a time, as the trainer page has one worker. A CPU
// run trains in the host's worker thread instead (host-run.ts); the page then only shows it.
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runsForModel, type RunPlan } from '../../lang';
import { firstMemoryRefusal, memoryLimitsFor } from '../../graph/memory-limit';
import { loadData, targetKindFor, type LoadedData } from '../../engine/data/load';
import { nodeDataHost } from '../../engine/data/node-host';
import { dataLocation } from '../data-preview/load-block';
import { runDirName } from '../../engine/io/record-file';
import type { StartExtras } from '../../engine/io/run-record';
import { hashFloats } from '../../engine/hash';
import type { ResumeFrom } from '../../engine/train/checkpoint';
import { RunFileError } from '../../engine/io/atomic';
import { checkpointToWire, tensorsToWire } from '../../protocol/run-wire';
import type { ComputeInfo, DevicePreference } from '../../protocol/wire';
import type { AnalysisCache } from '../language/analysis-cache';
import { TrainerPanel } from '../trainer-panel';
import { DiagramPanel } from '../diagram';
import { RunSession, type RunOutcome, type RunUpdate } from './run-session';
import { dataLabel, progressHost, sourceFiles, totalBytes } from './load-progress';
import { startOnPage } from './start-on-page';
import { shouldChunk } from './data-chunks';
import { cpuThreads, forView, HostCpuRun, runPreference, trainsOnHost } from './host-run';
import type { RunEventMessage } from '../../protocol/run-driver';
import type { RunRequest } from '../../protocol/runs';
import { splitsToWire } from '../../protocol/run-wire';
import { SETTINGS } from '../command-ids';
import { runTeacher, type RunTeacher } from './run-teacher';

/** What the Train command resolves to, once every run it started has ended. */
export interface TrainResult {
  readonly model: string;
  readonly compute: ComputeInfo;
  readonly runs: readonly RunOutcome[];
}

const HANDSHAKE_TIMEOUT_MS = 30_000;
/** Sending a large data set to the page and compiling the plan can take a while on a slow machine. */
const START_TIMEOUT_MS = 120_000;

export class RunManager implements vscode.Disposable {
  private readonly updates = new vscode.EventEmitter<RunUpdate>();
  readonly onDidUpdate = this.updates.event;
  private readonly wired = new WeakSet<TrainerPanel>();
  private active: RunSession | null = null;
  /** The active run's host worker, when it trains on the CPU here. */
  private host: HostCpuRun | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly analyses: AnalysisCache,
  ) {}

  get current(): RunSession | null {
    return this.active;
  }

  async train(document: vscode.TextDocument, model: string, preference: DevicePreference): Promise<TrainResult> {
    const panel = this.showPanel(document, model, preference);
    const plans = runsForModel(this.analyses.get(document), model);
    // The first run's data loads while the page loads and probes its adapter.
    const first = plans[0] && !this.active ? this.load(panel, document, plans[0]) : undefined;
    const compute = await this.computeOf(panel);
    if (plans.length === 0) {
      void vscode.window.showWarningMessage(
        `Model Lab: '${model}' has no train block without errors; add 'train ${model} on DATA { ... }'.`,
      );
      return { model, compute, runs: [] };
    }
    if (this.refusedForMemory(plans, compute)) return { model, compute, runs: [] };
    const runs: RunOutcome[] = [];
    for (const [i, plan] of plans.entries()) {
      const outcome = await this.runOne(panel, document, plan, { preference, compute }, {}, null, i === 0 ? first : undefined);
      runs.push(outcome);
      if (outcome.status === 'interrupted' || outcome.status === 'error') break; // a sweep stops with its panel
    }
    return { model, compute, runs };
  }

  /**
   * Trains a recorded run again: its graph, config (seed included) and data spec as the record has
   * them, whatever the file says now. The new record names the old run in `rerunOf`.
   */
  async rerun(document: vscode.TextDocument, plan: RunPlan, preference: DevicePreference, rerunOf: string): Promise<TrainResult> {
    const { panel, compute } = await this.openPanel(document, plan.graph.name, preference);
    if (this.refusedForMemory([plan], compute)) return { model: plan.graph.name, compute, runs: [] };
    const outcome = await this.runOne(panel, document, plan, { preference, compute }, { rerunOf });
    return { model: plan.graph.name, compute, runs: [outcome] };
  }

  /**
   * Continues a stopped or interrupted run in its own folder and record, from its checkpoint, with
   * the recorded graph and settings (as a re-run); refused when the data is no longer what it trained on.
   */
  async resume(
    document: vscode.TextDocument,
    plan: RunPlan,
    preference: DevicePreference,
    dir: string,
    from: ResumeFrom,
    dataHash: string | undefined,
  ): Promise<TrainResult> {
    const { panel, compute } = await this.openPanel(document, plan.graph.name, preference);
    if (this.refusedForMemory([plan], compute)) return { model: plan.graph.name, compute, runs: [] };
    const outcome = await this.runOne(panel, document, plan, { preference, compute }, {}, { dir, from, dataHash });
    return { model: plan.graph.name, compute, runs: [outcome] };
  }

  /** The CLI's memory check, before any run of a Train, Re-run or Resume starts: says why and returns true when one does not fit. */
  private refusedForMemory(plans: readonly RunPlan[], compute: ComputeInfo): boolean {
    const refusal = firstMemoryRefusal(plans, memoryLimitsFor(compute.backend, compute.limits, totalmem()));
    if (refusal) void vscode.window.showErrorMessage(`Model Lab: ${refusal}`);
    return refusal !== null;
  }

  private async openPanel(
    document: vscode.TextDocument,
    model: string,
    preference: DevicePreference,
  ): Promise<{ panel: TrainerPanel; compute: ComputeInfo }> {
    const panel = this.showPanel(document, model, preference);
    return { panel, compute: await this.computeOf(panel) };
  }

  private showPanel(document: vscode.TextDocument, model: string, preference: DevicePreference): TrainerPanel {
    const target = { file: vscode.workspace.asRelativePath(document.uri), model };
    const panel = TrainerPanel.show(this.extensionUri, this.log, target, preference);
    this.wire(panel);
    return panel;
  }

  private async computeOf(panel: TrainerPanel): Promise<ComputeInfo> {
    const compute = await withTimeout(panel.compute(), HANDSHAKE_TIMEOUT_MS, 'the trainer panel did not start');
    if (this.active) throw new Error(`'${this.active.label}' is still training; stop it first`);
    return compute;
  }

  /** A run's data, read on the host; the panel's bar follows the bytes read. Never rejects: a failure is its message. */
  private async load(panel: TrainerPanel, document: vscode.TextDocument, plan: RunPlan): Promise<Loaded> {
    const location = dataLocation(document);
    const files = sourceFiles(plan.data.source, location.base);
    const label = dataLabel(plan.data);
    const host = progressHost(nodeDataHost, files, totalBytes(files), (done, total) =>
      panel.channel.notify('dataProgress', { label, done, total }),
    );
    try {
      const loaded = await loadData(plan.data, plan.config.seed, {
        host,
        location,
        inputShape: plan.graph.inputShape,
        targetKind: targetKindFor(plan.config.loss),
      });
      return { loaded, failure: '' };
    } catch (e) {
      return { loaded: null, failure: `${where(document, plan.data.range)}: data ${plan.data.name}: ${why(e)}` };
    }
  }

  stop(): boolean {
    if (!this.active) return false;
    if (this.host) this.host.control('stop');
    else TrainerPanel.active?.channel.notify('runControl', { runId: this.active.runId, action: 'stop' });
    return true;
  }

  private async runOne(
    panel: TrainerPanel,
    document: vscode.TextDocument,
    plan: RunPlan,
    { preference: setting, compute }: { preference: DevicePreference; compute: ComputeInfo },
    recordExtra: StartExtras = {},
    resume: { dir: string; from: ResumeFrom; dataHash: string | undefined } | null = null,
    preloaded?: Promise<Loaded>,
  ): Promise<RunOutcome> {
    const dir = resume?.dir ?? uniqueRunDir(runsFolder(document.uri), plan.graph.name);
    const runId = dir.split(/[\\/]/).pop()!;
    const preference = runPreference(setting, plan.config.device);
    const data = await (preloaded ?? this.load(panel, document, plan));
    const ready = data.loaded ? await withTeacher(document, plan, data, resume?.dir ?? null) : data;
    const { loaded, failure } = ready;
    if (loaded && resume?.dataHash && hashFloats(loaded.splits.train.x, loaded.splits.train.y) !== resume.dataHash) {
      throw new Error(`the data of ${plan.data.name} is not the data this run trained on (its hash changed); re-run it instead`);
    }
    const session = new RunSession(
      runId,
      plan,
      document.uri,
      dir,
      (u) => {
        this.updates.fire(u);
        // The page shows the newest sample; only the host can decode it (the run's tokenizer).
        const sample = u.kind === 'progress' ? u.samples[u.samples.length - 1] : undefined;
        if (sample && !panel.isDisposed) panel.channel.notify('runSample', { runId, ...sample });
      },
      {
        ...recordExtra,
        ...(loaded ? { dataStats: loaded.stats } : {}),
        ...(loaded?.tokenizer ? { tokenizer: loaded.tokenizer.toJSON() } : {}),
        ...(ready.teacher ? { distill: ready.teacher.record } : {}),
      },
      !!resume,
    );
    this.active = session;
    if (!loaded) session.abort('error', failure);
    else {
      try {
        const from = resume?.from;
        const run: Omit<RunRequest, 'data'> = {
          runId,
          graph: plan.graph,
          config: plan.config,
          shuffle: plan.data.shuffle !== 'off',
          augment: [...plan.data.augment],
          init: null,
          teacher: ready.teacher?.wire ?? null,
          resume: from ? { checkpoint: checkpointToWire(from.checkpoint), best: from.best ? tensorsToWire(from.best) : null } : null,
        };
        if (trainsOnHost(compute, preference)) this.startOnHost(panel, { ...run, data: splitsToWire(loaded.splits) }, compute);
        else {
          // A resumed run replays its shuffles from a checkpoint, not the first epoch's order: its set goes whole.
          const train = loaded.splits.train,
            chunked = !from && shouldChunk(train);
          // A set sent in chunks is hashed here: the page starts before it has all of it.
          if (chunked) session.dataHash = () => hashFloats(train.x, train.y);
          await startOnPage(panel, { run, splits: loaded.splits, preference, label: dataLabel(plan.data), chunked }, START_TIMEOUT_MS);
        }
      } catch (e) {
        session.abort('error', `${where(document, plan.train.block.range)}: ${why(e)}`);
      }
    }
    const outcome = await session.finished();
    this.host?.dispose();
    this.host = null;
    DiagramPanel.runEnded(document.uri, plan.graph.name, runId);
    this.active = null;
    return outcome;
  }

  /** Trains the run in the host's CPU worker; the page shows the device line and the charts (fed by the session). */
  private startOnHost(panel: TrainerPanel, run: RunRequest, compute: ComputeInfo): void {
    const threads = cpuThreads(vscode.workspace.getConfiguration('modelLab').get<number>(SETTINGS.cpuThreads, 0));
    let label = '';
    this.host = new HostCpuRun(vscode.Uri.joinPath(this.extensionUri, 'dist', 'cpu-worker.js').fsPath, run, threads, {
      backend: (line, note) => {
        label = line;
        if (note) this.log.warn(note);
        panel.ranOn({ ...compute, backend: 'cpu', cpu: line, reason: note ?? compute.reason });
      },
      // The record says which CPU backend and how many threads, as the CLI prints it.
      event: (m) => {
        // A failure here (the run folder deleted under it) must not escape into the host's event loop.
        try {
          this.onRunEvent(m.type === 'runStarted' ? { ...m, payload: { ...m.payload, start: { ...m.payload.start, device: label } } } : m);
        } catch (e) {
          this.log.error(`host run ${run.runId}: ${e instanceof Error ? e.message : String(e)}`);
        }
        const shown = forView(m);
        if (shown && !panel.isDisposed) panel.channel.notify('hostRun', shown);
      },
      crashed: (message) => this.active?.abort('error', message),
    });
  }

  /** Route a (new) panel's run events to the active run, once per panel (one run at a time). */
  private wire(panel: TrainerPanel): void {
    if (this.wired.has(panel)) return;
    this.wired.add(panel);
    const c = panel.channel;
    c.on('runStarted', (payload) => this.onRunEvent({ type: 'runStarted', payload }));
    c.on('runProgress', (payload) => this.onRunEvent({ type: 'runProgress', payload }));
    c.on('runPaused', (payload) => this.onRunEvent({ type: 'runPaused', payload }));
    c.on('runLearningRateChanged', (m) => {
      const s = this.sessionOf(m.runId);
      if (s && this.host) this.host.learningRate(m.lr); // a page-trained run's worker has it from the page already
      s?.learningRate(m.lr, m.step);
    });
    c.on('runControl', (m) => this.sessionOf(m.runId) && this.host?.control(m.action));
    c.on('runEnded', (payload) => this.onRunEvent({ type: 'runEnded', payload }));
    c.on('runCheckpoint', (payload) => this.onRunEvent({ type: 'runCheckpoint', payload }));
    c.on('runStats', (payload) => this.onRunEvent({ type: 'runStats', payload }));
    c.on('runFailed', (payload) => this.onRunEvent({ type: 'runFailed', payload }));
    panel.onDidDispose(() => this.active?.abort('interrupted', 'the trainer panel was closed during the run'));
  }

  private sessionOf(runId: string): RunSession | undefined {
    return this.active?.runId === runId ? this.active : undefined;
  }

  /** A run event, from the page's worker or the host's: the session records it. */
  private onRunEvent(m: RunEventMessage): void {
    const s = this.sessionOf(m.payload.runId);
    if (!s) return;
    switch (m.type) {
      case 'runStarted':
        return s.started(m.payload);
      case 'runProgress':
        return s.progress(m.payload.steps, m.payload.epochs, m.payload.samples);
      case 'runPaused':
        return s.paused(m.payload.paused, m.payload.step);
      case 'runEnded':
        return s.ended(m.payload);
      case 'runStats':
        return DiagramPanel.runStats(s.document, s.model, s.runId, m.payload.stats, s.plan.graph.layers);
      case 'runFailed':
        return s.abort('error', m.payload.message);
      case 'runCheckpoint':
        try {
          s.checkpoint(m.payload);
        } catch (e) {
          // A full disk: the run cannot keep its checkpoints, so it stops with the file named.
          this.log.error(e instanceof RunFileError ? e.message : String(e));
          this.stop();
          s.abort('error', e instanceof Error ? e.message : String(e));
        }
    }
  }

  dispose(): void {
    this.active?.abort('interrupted', 'VS Code closed the extension during the run');
    this.updates.dispose();
  }
}

interface Loaded {
  readonly loaded: LoadedData | null;
  readonly failure: string;
  readonly teacher?: RunTeacher | null;
}

/** A student's data with its teacher; a teacher that cannot be found fails the run as bad data does. */
async function withTeacher(document: vscode.TextDocument, plan: RunPlan, data: Loaded, resumeDir: string | null): Promise<Loaded> {
  try {
    const shown = vscode.workspace.asRelativePath(document.uri);
    return { ...data, teacher: await runTeacher(document.uri.fsPath, shown, runsFolder(document.uri), plan, resumeDir) };
  } catch (e) {
    return { loaded: null, failure: why(e) };
  }
}

const where = (document: vscode.TextDocument, range: { startLine: number }) =>
  `${vscode.workspace.asRelativePath(document.uri)}:${range.startLine + 1}`;
const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

function runsFolder(document: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(document)?.uri.fsPath ?? join(document.fsPath, '..');
  return join(folder, '.modellab', 'runs');
}

function uniqueRunDir(parent: string, model: string): string {
  const base = join(parent, runDirName(model));
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
