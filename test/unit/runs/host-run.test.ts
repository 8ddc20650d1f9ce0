// Where ▶ Train runs a CPU run: the host's worker thread (host-run.ts), chosen from the page's probe
// by the one backend rule (choose.ts), with modelLab.cpuThreads threads; and that worker, given a
// run, trains it with the WebAssembly backend and speaks the page worker's events (run-driver.ts).
import { strict as assert } from 'node:assert';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { analyze, runsForModel } from '../../../src/lang';
import { generate } from '../../../src/engine/data/synthetic';
import { probeCompute } from '../../../src/protocol/compute-info';
import { describeCompute } from '../../../src/protocol/compute-info';
import type { RunEventMessage } from '../../../src/protocol/run-driver';
import { splitsToWire } from '../../../src/protocol/run-wire';
import { cpuThreads, forView, HostCpuRun, runPreference, trainsOnHost } from '../../../src/extension/runs/host-run';
import { buildWasm } from '../../../scripts/build-wasm.mjs';

/** The worker from its TypeScript source: tsx's require hook, then the entry (dist/cpu-worker.js in the extension). */
const WORKER = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'extension', 'runs', 'cpu-worker.ts'))});`;

/** navigator.gpu with one adapter of these facts. */
const gpuWith = (info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }) =>
  ({
    requestAdapter: async () => ({
      info: { vendor: '', architecture: '', device: '', description: '', ...info },
      limits: {
        maxStorageBuffersPerShaderStage: 8,
        maxComputeInvocationsPerWorkgroup: 256,
        maxStorageBufferBindingSize: 1 << 27,
        maxBufferSize: 1 << 28,
      },
    }),
  }) as unknown as GPU;

const XOR = (epochs: number) => `data xor {
  source: synthetic(xor, size 64, noise 0.05)
}
model net(input [2]) {
  dense 8 tanh
  dense 1 sigmoid
}
train net on xor {
  loss: binary_cross_entropy
  optimizer: adam lr 0.05
  epochs: ${epochs}
  batch: 16
  seed: 1
}
`;

function request(epochs: number, runId: string) {
  const plan = runsForModel(analyze(XOR(epochs)), 'net')[0]!;
  const ds = generate({ generator: 'xor', size: 64, noise: 0.05, classes: 2, features: 2, seed: 1 });
  return {
    runId,
    graph: plan.graph,
    config: plan.config,
    data: splitsToWire({ train: ds, val: null, test: null }),
    shuffle: true,
    augment: [],
    init: null,
    resume: null,
  };
}

/** Runs the host worker to its end; `onEvent` may act on the run (stop it). */
function trainOnHost(epochs: number, threads: number, onEvent: (m: RunEventMessage, run: HostCpuRun) => void = () => {}) {
  return new Promise<{ label: string; events: RunEventMessage[] }>((resolve, reject) => {
    const events: RunEventMessage[] = [];
    let label = '';
    const run: HostCpuRun = new HostCpuRun(
      WORKER,
      request(epochs, `net-${epochs}`),
      threads,
      {
        backend: (l) => (label = l),
        event: (m) => {
          events.push(m);
          onEvent(m, run);
          if (m.type !== 'runEnded' && m.type !== 'runFailed') return;
          run.dispose();
          resolve({ label, events });
        },
        crashed: (message) => reject(new Error(message)),
      },
      { eval: true, workerData: null },
    );
  });
}

describe('▶ Train on the CPU: the host worker', function () {
  this.timeout(60000);
  before(() => buildWasm({ log: () => {} }));

  it('routes by the one backend rule: CPU-chosen runs (a software adapter under auto, the cpu setting, no adapter) train on the host', async () => {
    const swiftshader = await probeCompute(gpuWith({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }), 'auto');
    const nvidia = await probeCompute(gpuWith({ vendor: 'nvidia', description: 'NVIDIA GeForce RTX 4070' }), 'auto');
    const none = await probeCompute(undefined, 'auto');
    assert.equal(trainsOnHost(swiftshader, 'auto'), true, JSON.stringify(swiftshader));
    assert.equal(trainsOnHost(nvidia, 'auto'), false);
    assert.equal(trainsOnHost(none, 'auto'), true);
    assert.equal(trainsOnHost(nvidia, 'cpu'), true);
    // WebGPU asked for: the page runs it, on a software adapter too, or says why it cannot.
    assert.equal(trainsOnHost(swiftshader, 'webgpu'), false);
    assert.equal(trainsOnHost(none, 'webgpu'), false);
    // A reused panel's probe of another preference: the choice follows the run's own preference.
    const probedForWebgpu = await probeCompute(gpuWith({ architecture: 'swiftshader', isFallbackAdapter: true }), 'webgpu');
    assert.equal(probedForWebgpu.backend, 'webgpu');
    assert.equal(trainsOnHost(probedForWebgpu, 'auto'), true);
    assert.equal(trainsOnHost(probedForWebgpu, 'cpu'), true);
  });

  it("a train block's device: webgpu or cpu wins over the modelLab.device setting; auto leaves the setting", () => {
    assert.equal(runPreference('auto', 'cpu'), 'cpu');
    assert.equal(runPreference('cpu', 'webgpu'), 'webgpu');
    assert.equal(runPreference('webgpu', 'cpu'), 'cpu');
    assert.equal(runPreference('cpu', 'auto'), 'cpu');
    assert.equal(runPreference('webgpu', undefined), 'webgpu');
  });

  it('modelLab.cpuThreads: 0 or nonsense is every core, N is N', () => {
    assert.equal(cpuThreads(0, 6), 6);
    assert.equal(cpuThreads(undefined, 6), 6);
    assert.equal(cpuThreads(-2, 6), 6);
    assert.equal(cpuThreads(1.5, 6), 6);
    assert.equal(cpuThreads(3, 6), 3);
    assert.equal(cpuThreads(0), availableParallelism());
  });

  it('the device line names the host CPU backend and its threads', () => {
    const w = describeCompute({
      backend: 'cpu',
      adapter: null,
      limits: null,
      reason: 'the device setting asks for the CPU',
      cpu: 'CPU (WebAssembly SIMD) · 2 threads',
    });
    assert.equal(w.text, 'CPU (WebAssembly SIMD) · 2 threads');
    assert.equal(describeCompute({ backend: 'cpu', adapter: null, limits: null, reason: null }).text, 'CPU');
  });

  it('trains a run on 2 threads with the WebAssembly backend: started, progress, ended, the loss going down', async () => {
    const { label, events } = await trainOnHost(30, 2);
    assert.match(label, /^CPU \(WebAssembly SIMD(, relaxed)?\) · 2 threads$/);
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'runStarted');
    assert.equal(types[types.length - 1], 'runEnded');
    const started = events[0] as RunEventMessage<'runStarted'>;
    assert.equal(started.payload.device, 'cpu');
    assert.equal(started.payload.start.stepsPerEpoch, 4);
    const steps = events.flatMap((e) => (e.type === 'runProgress' ? e.payload.steps : []));
    assert.equal(steps.length, 30 * 4, 'every step is reported');
    const ended = events[events.length - 1] as RunEventMessage<'runEnded'>;
    assert.equal(ended.payload.end.status, 'completed');
    assert.ok(steps[steps.length - 1]!.loss < steps[0]!.loss * 0.7, `loss ${steps[0]!.loss} -> ${steps[steps.length - 1]!.loss}`);
  });

  it("sends the page a batch's newest step only (the host keeps every step; the charts come from its history)", () => {
    const steps = [1, 2, 3].map((step) => ({ step, epoch: 1, loss: 1 / step, lr: 0.1 }));
    const shown = forView({ type: 'runProgress', payload: { runId: 'r', steps, epochs: [] } });
    assert.deepEqual(shown, { type: 'runProgress', payload: { runId: 'r', steps: [steps[2]], epochs: [] } });
    assert.deepEqual(forView({ type: 'runProgress', payload: { runId: 'r', steps: [], epochs: [] } })?.payload, {
      runId: 'r',
      steps: [],
      epochs: [],
    });
  });

  it('stops when told, between steps, with a stopped end and a stop checkpoint', async () => {
    const { events } = await trainOnHost(100_000, 1, (m, run) => m.type === 'runProgress' && run.control('stop'));
    const ended = events.find((e): e is RunEventMessage<'runEnded'> => e.type === 'runEnded')!;
    assert.equal(ended.payload.end.status, 'stopped');
    assert.ok(ended.payload.end.epochs < 100_000);
    assert.ok(events.some((e) => e.type === 'runCheckpoint' && e.payload.reason === 'stop'));
  });
});
