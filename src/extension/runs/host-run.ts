// A CPU run from ▶ Train trains here, in the extension host's worker thread (cpu-worker.ts), where
// the fast CPU backend has its threads; the trainer page only shows it. The worker's events are the
// page worker's (RunEventMessage), so the run manager records them the same way.
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { chooseBackend } from '../../engine/backends/choose';
import type { ComputeInfo, DevicePreference } from '../../protocol/wire';
import type { ControlMessage, RunEventMessage } from '../../protocol/run-driver';
import type { RunRequest } from '../../protocol/runs';
import type { HostRunEvent } from '../../protocol/trainer';
import type { FromCpuWorker, ToCpuWorker } from './cpu-worker';

/**
 * Where a run trains: the host's CPU worker when chooseBackend picks the CPU for the run's preference
 * and the adapter the page found, else the page (WebGPU, or the page's own error when WebGPU is
 * asked for and missing). The panel's probe may be of another preference (a reused panel), so the
 * choice is made again here from its adapter, by the one rule.
 */
export function trainsOnHost(compute: Pick<ComputeInfo, 'adapter' | 'reason'>, preference: DevicePreference): boolean {
  const probe = compute.adapter ? { adapter: compute.adapter } : { missing: compute.reason ?? 'no WebGPU adapter was found' };
  return chooseBackend(preference, probe).device === 'cpu';
}

/**
 * The device a run asks for: its train block's `device:` when it names one (webgpu, cpu), else the
 * `modelLab.device` setting. The experiment says where it trains, in the editor as headless
 * (the CLI's `--device` is the one thing above the file).
 */
export function runPreference(setting: DevicePreference, fileDevice: DevicePreference | undefined): DevicePreference {
  return fileDevice && fileDevice !== 'auto' ? fileDevice : setting;
}

/** `modelLab.cpuThreads`: 0 (or anything not a positive whole number) means every core. */
export function cpuThreads(setting: number | undefined, cores = availableParallelism()): number {
  return setting !== undefined && Number.isInteger(setting) && setting > 0 ? setting : Math.max(1, cores);
}

export interface HostRunEvents {
  /** The backend's line, as the status bar and the record show it: "CPU (WebAssembly SIMD) · 2 threads". */
  backend(label: string, note: string | null): void;
  event(m: RunEventMessage): void;
  /** The worker died without saying how the run ended. */
  crashed(message: string): void;
}

export class HostCpuRun {
  private readonly worker: Worker;
  private ended = false;

  /** `options`: the tests run the worker from its TypeScript source (execArgv with tsx). */
  constructor(script: string, run: RunRequest, threads: number, events: HostRunEvents, options: WorkerOptions = {}) {
    this.worker = new Worker(script, { name: `model-lab-cpu-${run.runId}`, ...options });
    this.worker.on('message', (m: FromCpuWorker) => {
      if (m.type === 'backend') return events.backend(m.label, m.note);
      if (m.type === 'runEnded' || m.type === 'runFailed') this.ended = true;
      events.event(m);
    });
    this.worker.on('error', (e) => !this.ended && ((this.ended = true), events.crashed(e.message)));
    this.worker.on('exit', (code) => !this.ended && ((this.ended = true), events.crashed(`the CPU training worker exited (code ${code})`)));
    this.post({ type: 'start', run, threads });
  }

  control(action: 'stop' | 'pause' | 'resume'): void {
    this.post({ type: 'control', action });
  }

  learningRate(lr: number | null): void {
    this.post({ type: 'lr', lr } satisfies ControlMessage);
  }

  dispose(): void {
    this.ended = true;
    void this.worker.terminate();
  }

  private post(m: ToCpuWorker): void {
    this.worker.postMessage(m);
  }
}

/** A host run's event as the page shows it: the tensors and all but the newest step stay here. */
export function forView(m: RunEventMessage): HostRunEvent | null {
  switch (m.type) {
    case 'runStarted':
      return { ...m, payload: { ...m.payload, initialWeights: [] } };
    case 'runEnded':
      return { ...m, payload: { ...m.payload, weights: [] } };
    case 'runProgress': {
      // The page shows the newest step of a batch (its charts are fed from the host's history).
      const last = m.payload.steps[m.payload.steps.length - 1];
      return { ...m, payload: { ...m.payload, steps: last ? [last] : [] } };
    }
    case 'runPaused':
    case 'runFailed':
      return m;
    default:
      return null;
  }
}
