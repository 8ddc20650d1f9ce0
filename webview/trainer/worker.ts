// Runs one training run off the page's thread, on WebGPU when the worker finds an adapter and on
// the CPU otherwise, so the panel stays responsive either way. Talks to the page only (worker-
// protocol.ts); the page forwards its run events to the extension host unchanged. The run itself
// is the shared driver's (src/protocol/run-driver.ts), as in the extension host's CPU worker.
import { CpuBackend } from '../../src/engine/backends/cpu';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { chooseBackend, needsAdapter, type AdapterProbe, type DevicePreference } from '../../src/engine/backends/choose';
import type { Backend } from '../../src/engine/backend';
import { RunDriver } from '../../src/protocol/run-driver';
import { wireToSplits } from '../../src/protocol/run-wire';
import type { FromPage, ToPage } from './worker-protocol';
import { IncomingData } from './incoming-data';

const post = (message: ToPage) => (self as unknown as Worker).postMessage(message);
const driver = new RunDriver();
/** The training set as it arrives, when the host sends it in chunks; the gate holds each step until its batch is here. */
let incoming: IncomingData | null = null;

/** The backend chooseBackend picks; a device that then fails to start counts as no adapter. */
async function pickBackend(preference: DevicePreference): Promise<{ backend: Backend; note: string | null }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  let adapter: GPUAdapter | null = null;
  let probe: AdapterProbe | null = null;
  const failed = (e: unknown): AdapterProbe => ({ missing: e instanceof Error ? e.message : String(e) });
  if (needsAdapter(preference)) {
    try {
      if (!gpu) throw new Error('this worker has no WebGPU (navigator.gpu is undefined)');
      adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      probe = adapter ? { adapter: adapter.info } : { missing: 'no WebGPU adapter' };
    } catch (e) {
      probe = failed(e);
    }
  }
  let choice = chooseBackend(preference, probe);
  if (choice.device === 'webgpu' && adapter) {
    try {
      return { backend: await WebGpuBackend.create(adapter), note: choice.reason };
    } catch (e) {
      choice = chooseBackend(preference, failed(e));
    }
  }
  if (choice.device === 'unavailable') throw new Error(choice.reason);
  return { backend: new CpuBackend(), note: choice.reason };
}

async function run(message: Extract<FromPage, { type: 'start' }>): Promise<void> {
  const { run: request, preference } = message;
  let data = wireToSplits(request.data);
  let gate: (() => Promise<void>) | null = null;
  if (message.incoming !== null) {
    const t = data.train;
    incoming = new IncomingData(message.incoming, t.inputShape, t.targetLen, t.classes);
    data = { ...data, train: incoming.dataset };
    gate = incoming.gate(Math.max(1, Math.min(request.config.batch, message.incoming)));
  }
  const picked = await pickBackend(preference);
  // The first batch (and the stats' probe rows); a distilled run without augmentation caches its
  // teacher's logits over the whole training set before the first step (engine/train/distill.ts),
  // so it waits for every example: started earlier, it would distil from the logits of empty inputs.
  const whole = !!request.config.distill && request.augment.length === 0;
  await incoming?.until(whole ? incoming.total : Math.min(request.config.batch, incoming.total));
  await driver.run({ request, data, ...picked, post, gate });
}

self.onmessage = (event: MessageEvent<FromPage>) => {
  const m = event.data;
  switch (m.type) {
    case 'start':
      void run(m);
      return;
    case 'control':
    case 'lr':
      driver.handle(m);
      return;
    case 'data':
      incoming?.add(m.chunk);
      return;
  }
};
