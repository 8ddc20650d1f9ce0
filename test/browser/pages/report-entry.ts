// The run report page (webview/report/main.ts) in headless Chromium with a stand-in host: a real
// Channel on the host's side of the protocol, VS Code's postMessage replaced by direct delivery.
// The test shows a fixture message (window.__show), answers the page's attention requests from
// the fixture, and reads what the page drew.
import { Channel } from '../../../src/protocol/channel';
import type { Payload } from '../../../src/protocol/envelope';
import { HostToReport, ReportToHost, type AttentionExample, type ReportShow } from '../../../src/protocol/report';

const w = globalThis as unknown as Record<string, unknown>;
const T = 4,
  H = 2;

/** Causal maps: row q spreads over keys 0..q; head 1 puts everything on the query's own position.
 *  Example `index` shifts head 0's weight towards key 0 by index / 10. */
export function fixtureExample(index: number): AttentionExample {
  const map = new Float32Array(H * T * T);
  for (let q = 0; q < T; q++)
    for (let k = 0; k <= q; k++) {
      const first = q === 0 ? 1 : Math.min(1, 0.5 + index / 10);
      map[q * T + k] = k === 0 ? first : (1 - first) / q;
      map[(T + q) * T + k] = k === q ? 1 : 0;
    }
  return { index, tokens: ['T', 'h', 'e', '␣'], maps: [map] };
}

export const FIXTURE: ReportShow = {
  run: { dir: '/runs/r1', model: 'gpt', time: '', status: 'completed', message: '', device: 'cpu', epochs: 2 },
  split: 'val',
  size: 3,
  warnings: [],
  recorded: { val_loss: 2.1 },
  computed: { loss: 2.1, metrics: {} },
  inputShape: [T],
  classNames: [],
  featureNames: [],
  confusion: null,
  misclassified: null,
  boundary: null,
  points: null,
  scatter: null,
  attention: { layers: [{ name: 'transformer 1', heads: H, causal: true }], t: T, examples: 3, first: fixtureExample(0) },
  samples: [
    { epoch: 1, text: 'In the begi', temperature: 1, seed: 1 },
    { epoch: 2, text: 'And God said', temperature: 1, seed: 1 },
  ],
};

const app = document.createElement('div');
app.id = 'app';
document.body.append(app);
const host = new Channel(HostToReport, ReportToHost, (m) => window.postMessage(m, '*'), { name: 'test host' });
w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => host.receive(m) });
const rendered: Payload<typeof ReportToHost, 'rendered'>[] = [];
const asked: number[] = [];
host.on('rendered', (r) => rendered.push(r));
host.handle('attention', ({ index }) => (asked.push(index), fixtureExample(index)));
w.__rendered = rendered;
w.__asked = asked;
w.__show = () => host.notify('show', FIXTURE);
void import('../../../webview/report/main').then(() => (w.__ready = true));
