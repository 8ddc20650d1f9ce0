// The webview end of a Channel: postMessage through acquireVsCodeApi, receive from window 'message'.
import { Channel } from '../../src/protocol/channel';
import type { Direction } from '../../src/protocol/envelope';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function connectToHost<Out extends Direction, In extends Direction>(out: Out, incoming: In, name: string): Channel<Out, In> {
  api ??= acquireVsCodeApi(); // may be called once per page
  const vscodeApi = api;
  const channel = new Channel(out, incoming, (m) => vscodeApi.postMessage(m), {
    name,
    warn: (m) => console.warn(m),
  });
  window.addEventListener('message', (event: MessageEvent) => channel.receive(event.data));
  return channel;
}

/**
 * Count CSP violations on the page's root element (`data-csp-violations`) and hand each to `report`:
 * a blocked resource is a bug of ours, and this makes it visible to the host log and to the e2e tests.
 */
export function watchCspViolations(report: (message: string) => void): void {
  const root = document.getElementById('app')!;
  root.dataset.cspViolations = '0';
  document.addEventListener('securitypolicyviolation', (e) => {
    const message = `CSP blocked ${e.blockedURI || 'inline content'} (${e.violatedDirective})`;
    root.dataset.cspViolations = String(Number(root.dataset.cspViolations) + 1);
    root.dataset.cspLastViolation = message;
    report(message);
  });
}
