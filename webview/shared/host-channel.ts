// The webview end of a Channel: postMessage through acquireVsCodeApi, receive from window 'message'.
import { Channel } from '../../src/channel';
import type { Direction } from '../../src/protocol';

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
