// The architecture diagram's drawing (webview/diagram/render.ts) in headless Chromium: the test
// builds a Diagram on the Node side (src/diagram/model.ts) and hands it to window.__render.
import type { Diagram } from '../../../src/diagram/model';
import { renderDiagram } from '../../../webview/diagram/render';

const w = globalThis as unknown as Record<string, unknown>;

w.__render = (d: Diagram): void => {
  const svg = renderDiagram(d, { onNode: () => undefined, onToggle: () => undefined, collapsible: () => false });
  document.body.replaceChildren(svg);
};
w.__ready = true;
