// The ONNX viewer's page: a .onnx file's header line, its graph drawn with the architecture
// diagram's layout and renderer, and the summary tables. Read-only: nothing is sent back but
// what was drawn (`shown`) and log lines.
import { OnnxToHost, HostToOnnx } from '../../src/protocol/onnx-viewer';
import { paramsText, renderDiagram } from '../diagram/render';
import { el } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { renderTables } from './tables';

const app = document.getElementById('app')!;
const channel = connectToHost(OnnxToHost, HostToOnnx, 'onnx');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const title = el('h1', 'ONNX model');
const summary = el('span', '', 'muted');
const header = el('div', undefined, 'diagram-header');
header.append(title, summary);
const problem = el('p', '', 'diagram-problem');
const tables = el('div', undefined, 'onnx-tables');
const canvas = el('div', undefined, 'diagram-canvas');
app.append(header, problem, tables, canvas);

channel.on('show', (s) => {
  title.textContent = `ONNX · ${s.file}`;
  problem.textContent = s.problem ?? '';
  problem.hidden = !s.problem;
  tables.replaceChildren();
  canvas.replaceChildren();
  const m = s.summary;
  summary.textContent = m
    ? [
        m.producer && `from ${m.producer}`,
        `opset ${m.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}`,
        paramsText(m.params),
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  if (m) renderTables(tables, m);
  if (s.diagram) canvas.append(renderDiagram(s.diagram, { onNode: () => undefined, onToggle: () => undefined, collapsible: () => false }));
  const nodes = s.diagram?.nodes.length ?? 0;
  app.dataset.nodes = String(nodes);
  channel.notify('shown', { nodes, operators: m?.operators.length ?? 0, unknown: m?.unknownNodes.length ?? 0 });
});

channel.announceReady();
