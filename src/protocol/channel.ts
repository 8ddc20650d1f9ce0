// One message channel for both ends of a webview: the extension host uses Channel<HostToX, XToHost>,
// the webview Channel<XToHost, HostToX> (the type parameters swapped). It adds what postMessage
// lacks: a ready handshake, request/response with ids and timeouts, errors that come back as
// rejections, buffering while the peer is hidden or not yet ready, and validation of everything
// received (unknown or malformed messages are dropped with a warning, never thrown).

import { Envelope, PROTOCOL_TAG, type Direction, type Params, type Payload, type Result } from './envelope';

export interface ChannelOptions {
  /** Shown in warnings and errors: 'trainer', 'chart', ... */
  readonly name: string;
  /** Default time a request may take before it is rejected. */
  readonly timeoutMs?: number;
  readonly warn?: (message: string) => void;
}

export class RequestError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

type Handler = (value: unknown) => unknown;
interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class Channel<Out extends Direction, In extends Direction> {
  private nextId = 1;
  private peerReady = false;
  private paused = false;
  private readonly pending = new Map<number, Pending>();
  private readonly outbox: Envelope[] = [];
  private readonly requestHandlers = new Map<string, Handler>();
  private readonly notificationHandlers = new Map<string, Array<{ readonly handler: Handler }>>();
  private readonly readyListeners: Array<() => void> = [];
  private readonly timeoutMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly out: Out,
    private readonly incoming: In,
    private readonly post: (message: Envelope) => void,
    private readonly options: ChannelOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  get isPeerReady(): boolean {
    return this.peerReady;
  }

  /** Tell the peer our handlers are installed. Call once, after registering them. */
  announceReady(): void {
    this.post({ tag: PROTOCOL_TAG, kind: 'ready', ack: false });
  }

  onPeerReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  /** The peer went away (a hidden webview without retained context, a reload): buffer until it says ready again. */
  peerLost(): void {
    this.peerReady = false;
  }

  /** Hold messages while the peer is hidden; `resume` sends what was held. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.flush();
  }

  request<M extends keyof Out['requests'] & string>(
    method: M,
    params: Params<Out, M>,
    timeoutMs = this.timeoutMs,
  ): Promise<Result<Out, M>> {
    const id = this.nextId++;
    return new Promise<Result<Out, M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('TimeoutError', `${this.options.name}: request '${method}' got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ tag: PROTOCOL_TAG, kind: 'request', id, method, params });
    });
  }

  notify<T extends keyof Out['notifications'] & string>(type: T, payload: Payload<Out, T>): void {
    this.send({ tag: PROTOCOL_TAG, kind: 'notify', type, payload });
  }

  /** Answer the peer's requests. A thrown error (or rejected promise) travels back as a rejection. */
  handle<M extends keyof In['requests'] & string>(
    method: M,
    handler: (params: Params<In, M>) => Result<In, M> | Promise<Result<In, M>>,
  ): void {
    this.requestHandlers.set(method, handler as Handler);
  }

  /** Listen to the peer's notifications; the returned function removes this registration only
   *  (once: calling it again does nothing, even when the same handler was registered twice). */
  on<T extends keyof In['notifications'] & string>(type: T, handler: (payload: Payload<In, T>) => void): () => void {
    const list = this.notificationHandlers.get(type) ?? [];
    const entry = { handler: handler as Handler };
    list.push(entry);
    this.notificationHandlers.set(type, list);
    return () => {
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Feed everything the transport delivers here (onDidReceiveMessage, window 'message'). */
  receive(raw: unknown): void {
    const parsed = Envelope.safeParse(raw);
    if (!parsed.success) {
      this.warn(`${this.options.name}: dropped a malformed message (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return;
    }
    const message = parsed.data;
    switch (message.kind) {
      case 'ready':
        this.peerReady = true;
        if (!message.ack) this.post({ tag: PROTOCOL_TAG, kind: 'ready', ack: true });
        this.flush();
        for (const listener of this.readyListeners) listener();
        return;
      case 'request':
        void this.answer(message.id, message.method, message.params);
        return;
      case 'response':
        this.settle(message);
        return;
      case 'notify':
        this.dispatch(message.type, message.payload);
        return;
    }
  }

  /** Reject everything still waiting: the webview is gone. */
  dispose(reason = 'channel closed'): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RequestError('ClosedError', `${this.options.name}: request '${p.method}' abandoned: ${reason}`));
      this.pending.delete(id);
    }
    this.outbox.length = 0;
  }

  private send(message: Envelope): void {
    // A response goes out even before the handshake: the peer that asked is evidently listening.
    const peerListening = this.peerReady || message.kind === 'response';
    if (peerListening && !this.paused) {
      this.post(message);
      return;
    }
    if (message.kind === 'notify' && ownEntry(this.out.notifications, message.type)?.latestWins) {
      const older = this.outbox.findIndex((m) => m.kind === 'notify' && m.type === message.type);
      if (older >= 0) this.outbox.splice(older, 1);
    }
    this.outbox.push(message);
  }

  private flush(): void {
    if (!this.peerReady || this.paused) return;
    for (const message of this.outbox.splice(0)) this.post(message);
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const def = ownEntry(this.incoming.requests, method);
    const handler = this.requestHandlers.get(method);
    const reply = (body: { ok: true; result: unknown } | { ok: false; error: { name: string; message: string } }) =>
      this.send({ tag: PROTOCOL_TAG, kind: 'response', id, ...body });
    if (!def || !handler) {
      this.warn(`${this.options.name}: no handler for request '${method}'`);
      reply({ ok: false, error: { name: 'UnknownMethod', message: `unknown request '${method}'` } });
      return;
    }
    const checked = def.params.safeParse(params);
    if (!checked.success) {
      this.warn(`${this.options.name}: dropped request '${method}': ${checked.error.issues[0]?.message}`);
      reply({ ok: false, error: { name: 'InvalidParams', message: `invalid parameters for '${method}'` } });
      return;
    }
    try {
      reply({ ok: true, result: await handler(checked.data) });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      reply({ ok: false, error: { name: error.name, message: error.message } });
    }
  }

  private settle(message: Extract<Envelope, { kind: 'response' }>): void {
    const p = this.pending.get(message.id);
    if (!p) {
      this.warn(`${this.options.name}: dropped a response to unknown request #${message.id}`);
      return;
    }
    this.pending.delete(message.id);
    clearTimeout(p.timer);
    if (!message.ok) {
      p.reject(new RequestError(message.error?.name ?? 'Error', message.error?.message ?? `request '${p.method}' failed`));
      return;
    }
    const checked = ownEntry(this.out.requests, p.method)?.result.safeParse(message.result);
    if (checked?.success) p.resolve(checked.data);
    else p.reject(new RequestError('InvalidResult', `${this.options.name}: malformed result for '${p.method}'`));
  }

  private dispatch(type: string, payload: unknown): void {
    const def = ownEntry(this.incoming.notifications, type);
    if (!def) {
      this.warn(`${this.options.name}: dropped unknown notification '${type}'`);
      return;
    }
    const checked = def.payload.safeParse(payload);
    if (!checked.success) {
      this.warn(`${this.options.name}: dropped notification '${type}': ${checked.error.issues[0]?.message}`);
      return;
    }
    // A copy: a handler that unsubscribes (itself or another) must not make the loop skip one.
    for (const { handler } of [...(this.notificationHandlers.get(type) ?? [])]) handler(checked.data);
  }
}

/** A table's own entry, never one inherited from Object.prototype: a peer's message named
 *  'constructor', '__proto__' or 'toString' must find nothing rather than a function. */
function ownEntry<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
