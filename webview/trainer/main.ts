// The trainer page: says what it trains and on which device. Training itself plugs in here
// with the engine and WebGPU issues.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { describeCompute, probeCompute } from '../../src/compute-info';
import { HostToTrainer, TrainerToHost, type ComputeInfo } from '../../src/protocol';
import { connectToHost, watchCspViolations } from '../shared/host-channel';

const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="trainer-header">
    <h1 id="title">Trainer</h1>
    <span id="file" class="muted"></span>
  </header>
  <section class="compute" aria-live="polite">
    <vscode-progress-ring id="probing"></vscode-progress-ring>
    <span>Compute:</span> <strong id="compute-text">looking for a GPU…</strong>
    <vscode-badge id="compute-kind" hidden></vscode-badge>
    <div id="compute-detail" class="muted"></div>
  </section>`;

const byId = (id: string) => document.getElementById(id)!;
const channel = connectToHost(TrainerToHost, HostToTrainer, 'trainer');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

channel.on('target', ({ file, model }) => {
  byId('title').textContent = `Train · ${model}`;
  byId('file').textContent = file;
});

channel.handle('probeCompute', async ({ preference }) => {
  const info = await probeCompute((navigator as Navigator & { gpu?: GPU }).gpu, preference);
  show(info);
  channel.notify('log', { level: 'info', message: `compute: ${describeCompute(info).text}` });
  return info;
});

function show(info: ComputeInfo): void {
  const { text, detail } = describeCompute(info);
  byId('probing').hidden = true;
  byId('compute-text').textContent = text;
  byId('compute-detail').textContent = detail;
  const badge = byId('compute-kind');
  badge.textContent = info.backend === 'webgpu' ? 'GPU' : 'CPU';
  badge.hidden = false;
}

channel.announceReady();
