// The compression report page (webview/compress/main.ts) in headless Chromium with a stand-in host:
// a real Channel on the host's side of the protocol, VS Code's postMessage replaced by direct
// delivery. The test shows a fixture message (window.__show) and reads the table the page drew;
// window.__status sends a quantization's status, window.__quantized lists the runs the page asked for.
import { Channel } from '../../../src/protocol/channel';
import type { Payload } from '../../../src/protocol/envelope';
import { CompressToHost, HostToCompress, type CompressShow, type QuantizeStatus } from '../../../src/protocol/compress';

const w = globalThis as unknown as Record<string, unknown>;

const row = (over: Partial<CompressShow['rows'][number]>): CompressShow['rows'][number] => ({
  label: 'train mlp on fashion',
  kind: 'original',
  model: 'mlp',
  run: '/runs/mlp-1',
  onnx: '/runs/mlp-1/model.onnx',
  bytes: 2_140_000,
  nonZero: 535_818,
  params: 535_818,
  accuracy: 0.8812,
  latencyMs: 4.25,
  vs: null,
  ...over,
});

export const FIXTURE: CompressShow = {
  file: 'fashion-compress.mlab',
  rows: [
    row({}),
    row({
      label: 'int8 of train mlp on fashion',
      kind: 'int8',
      onnx: '/runs/mlp-1/int8/model.onnx',
      bytes: 540_000,
      accuracy: 0.8795,
      latencyMs: 2.1,
      vs: { bytes: 540_000 / 2_140_000, accuracyPoints: -0.17, latency: 2.1 / 4.25 },
    }),
    row({
      label: 'mlp pruned 50%',
      kind: 'pruned',
      run: '/runs/mlp-2',
      nonZero: 267_909,
      accuracy: null,
      vs: { bytes: 1, accuracyPoints: null, latency: 1 },
    }),
  ],
};

const app = document.createElement('div');
app.id = 'app';
document.body.append(app);
const host = new Channel(HostToCompress, CompressToHost, (m) => window.postMessage(m, '*'), { name: 'test host' });
w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => host.receive(m) });
const rendered: Payload<typeof CompressToHost, 'rendered'>[] = [];
const opened: string[] = [];
const quantized: string[] = [];
let refreshed = 0;
host.on('rendered', (r) => rendered.push(r));
host.on('openRecord', ({ run }) => opened.push(run));
host.on('refresh', () => (w.__refreshed = ++refreshed));
host.on('quantize', ({ run }) => quantized.push(run));
w.__rendered = rendered;
w.__opened = opened;
w.__quantized = quantized;
w.__status = (status: QuantizeStatus) => host.notify('quantize', status);
w.__refreshed = 0;
w.__show = () => host.notify('show', FIXTURE);
w.__loading = () => host.notify('loading', { title: 'Timing the variants', progress: 0.5 });
w.__fail = () => host.notify('failed', { title: 'No compression report', message: 'no finished run with weights' });
void import('../../../webview/compress/main').then(() => (w.__ready = true));
