// The channel's own logic, over an in-memory transport (a stand-in for postMessage: this test is
// about buffering, ids, timeouts and validation, not about VS Code; the integration and e2e layers
// run the same channel through real webviews).
import { strict as assert } from 'node:assert';
import { Channel } from '../../src/protocol/channel';
import { type Envelope } from '../../src/protocol/envelope';
import { HostToTrainer, TrainerToHost } from '../../src/protocol/trainer';
import { type ComputeInfo } from '../../src/protocol/wire';

const cpuInfo: ComputeInfo = { backend: 'cpu', adapter: null, limits: null, reason: 'no adapter' };

/** Two channel ends whose posts are delivered asynchronously, like postMessage. */
function pair(opts: { timeoutMs?: number } = {}) {
  const warnings: string[] = [];
  const wire = { toTrainer: [] as Envelope[], toHost: [] as Envelope[], trainerLoaded: false };
  const host = new Channel(
    HostToTrainer,
    TrainerToHost,
    (m) => deliver(() => wire.trainerLoaded && trainer.receive(m), m, wire.toTrainer),
    {
      name: 'host',
      warn: (w) => warnings.push(w),
      ...opts,
    },
  );
  const trainer = new Channel(TrainerToHost, HostToTrainer, (m) => deliver(() => host.receive(m), m, wire.toHost), {
    name: 'trainer',
    warn: (w) => warnings.push(w),
    ...opts,
  });
  function deliver(fn: () => unknown, m: Envelope, log: Envelope[]) {
    log.push(m);
    queueMicrotask(() => void fn());
  }
  /** The webview page finishes loading: it starts listening and announces itself. */
  function loadTrainer() {
    wire.trainerLoaded = true;
    trainer.announceReady();
  }
  return { host, trainer, wire, warnings, loadTrainer };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Channel', () => {
  it('answers a request after the ready handshake, with a validated result', async () => {
    const { host, trainer, loadTrainer } = pair();
    trainer.handle('probeCompute', ({ preference }) => ({ ...cpuInfo, reason: `asked for ${preference}` }));
    loadTrainer();
    const info = await host.request('probeCompute', { preference: 'cpu' });
    assert.equal(info.reason, 'asked for cpu');
    assert.ok(host.isPeerReady && trainer.isPeerReady);
  });

  it('buffers messages sent before the webview is ready and delivers them once it is', async () => {
    const { host, trainer, wire, loadTrainer } = pair();
    const seen: string[] = [];
    trainer.on('target', (t) => seen.push(t.model));
    host.announceReady(); // lost: the page is not listening yet
    host.notify('target', { file: 'a.mlab', model: 'first' });
    host.notify('target', { file: 'a.mlab', model: 'second' });
    await tick();
    assert.equal(wire.toTrainer.filter((m) => m.kind === 'notify').length, 0, 'nothing sent before ready');
    loadTrainer();
    await tick();
    assert.deepEqual(seen, ['second'], 'target is latest-wins: only the newest survives buffering');
  });

  it('keeps every message of a queued type but only the latest of a latest-wins type while paused', async () => {
    const { host, trainer, loadTrainer } = pair();
    const logs: string[] = [];
    host.on('log', (l) => logs.push(l.message));
    loadTrainer();
    await tick();
    host.pause();
    trainer.pause();
    trainer.notify('log', { level: 'info', message: 'one' });
    trainer.notify('log', { level: 'info', message: 'two' });
    await tick();
    assert.deepEqual(logs, []);
    trainer.resume();
    await tick();
    assert.deepEqual(logs, ['one', 'two']);
  });

  it('rejects a request that gets no answer within its timeout, naming the method', async () => {
    const { host } = pair({ timeoutMs: 30 });
    await assert.rejects(host.request('probeCompute', { preference: 'auto' }), /probeCompute.*30 ms/);
  });

  it('turns a handler error into a rejection on the caller', async () => {
    const { host, trainer, loadTrainer } = pair();
    trainer.handle('probeCompute', () => {
      throw new RangeError('adapter exploded');
    });
    loadTrainer();
    await assert.rejects(
      host.request('probeCompute', { preference: 'webgpu' }),
      (e: Error) => e.name === 'RangeError' && /adapter exploded/.test(e.message),
    );
  });

  it('rejects a request for which the peer has no handler', async () => {
    const { host, loadTrainer } = pair();
    loadTrainer();
    await assert.rejects(host.request('probeCompute', { preference: 'auto' }), /unknown request 'probeCompute'/);
  });

  it('drops malformed envelopes, unknown notifications and invalid payloads with a warning', async () => {
    const { host, warnings } = pair();
    const logs: unknown[] = [];
    host.on('log', (l) => logs.push(l));
    host.receive('hello');
    host.receive({ tag: 'someone-else', kind: 'notify', type: 'log', payload: {} });
    host.receive({ tag: 'model-lab/1', kind: 'notify', type: 'nonsense', payload: {} });
    host.receive({ tag: 'model-lab/1', kind: 'notify', type: 'log', payload: { level: 'shout', message: 'x' } });
    host.receive({ tag: 'model-lab/1', kind: 'response', id: 999, ok: true, result: 1 });
    assert.deepEqual(logs, []);
    assert.equal(warnings.length, 5);
    assert.match(
      warnings.join('\n'),
      /malformed[\s\S]*malformed[\s\S]*unknown notification 'nonsense'[\s\S]*'log'[\s\S]*unknown request #999/,
    );
  });

  it('rejects invalid request parameters on the receiving side', async () => {
    const { host, trainer, warnings, loadTrainer } = pair();
    let called = false;
    trainer.handle('probeCompute', () => ((called = true), cpuInfo));
    loadTrainer();
    await tick();
    // Bypass the types, as a compromised or buggy peer would.
    await assert.rejects(host.request('probeCompute', { preference: 'quantum' } as never), /invalid parameters/);
    assert.equal(called, false);
    assert.match(warnings.join(), /dropped request 'probeCompute'/);
  });

  it('rejects a malformed result instead of resolving with it', async () => {
    const { host, trainer, loadTrainer } = pair();
    trainer.handle('probeCompute', () => ({ backend: 'tpu' }) as never);
    loadTrainer();
    await assert.rejects(host.request('probeCompute', { preference: 'auto' }), /malformed result/);
  });

  it('rejects pending requests when disposed', async () => {
    const { host } = pair();
    const pending = host.request('probeCompute', { preference: 'auto' });
    host.dispose('panel closed');
    await assert.rejects(pending, /abandoned: panel closed/);
  });

  it('re-handshakes after the peer is lost and flushes what was buffered meanwhile', async () => {
    const { host, trainer, loadTrainer } = pair();
    const seen: string[] = [];
    trainer.on('target', (t) => seen.push(t.model));
    loadTrainer();
    await tick();
    host.peerLost();
    host.notify('target', { file: 'b.mlab', model: 'cnn' });
    await tick();
    assert.deepEqual(seen, []);
    trainer.announceReady(); // the rebuilt page says hello again
    await tick();
    assert.deepEqual(seen, ['cnn']);
  });

  it('unsubscribes only its own handler, once, even when called twice', async () => {
    const { host, trainer, loadTrainer } = pair();
    const seen: string[] = [];
    const a = () => seen.push('a');
    const offA = host.on('log', a);
    host.on('log', () => seen.push('b'));
    const offA2 = host.on('log', a); // the same function registered twice: two registrations
    offA();
    offA(); // must not remove 'b' (nor the second 'a')
    loadTrainer();
    trainer.notify('log', { level: 'info', message: 'x' });
    await tick();
    assert.deepEqual(seen, ['b', 'a']);
    offA2();
    trainer.notify('log', { level: 'info', message: 'y' });
    await tick();
    assert.deepEqual(seen, ['b', 'a', 'b']);
  });

  it('keeps dispatching to the other handlers when one unsubscribes while being called', async () => {
    const { host, trainer, loadTrainer } = pair();
    const seen: string[] = [];
    const off = host.on('log', () => (seen.push('a'), off()));
    host.on('log', () => seen.push('b'));
    loadTrainer();
    trainer.notify('log', { level: 'info', message: 'x' });
    trainer.notify('log', { level: 'info', message: 'y' });
    await tick();
    assert.deepEqual(seen, ['a', 'b', 'b']);
  });

  // Names every plain object inherits: a lookup that is not an own-property check finds a function.
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    for (const side of ['host', 'page'] as const) {
      it(`drops a notification named '${name}' sent to the ${side} with a warning`, () => {
        const { host, trainer, warnings } = pair();
        const end = side === 'host' ? host : trainer;
        assert.doesNotThrow(() => end.receive({ tag: 'model-lab/1', kind: 'notify', type: name, payload: {} }));
        assert.equal(warnings.length, 1);
        assert.match(warnings[0]!, new RegExp(`unknown notification '${name}'`));
      });

      it(`answers a request named '${name}' sent to the ${side} with an error and a warning`, async () => {
        const warnings: string[] = [];
        const posted: Envelope[] = [];
        const post = (m: Envelope) => posted.push(m);
        const end =
          side === 'host'
            ? new Channel(HostToTrainer, TrainerToHost, post, { name: side, warn: (w) => warnings.push(w) })
            : new Channel(TrainerToHost, HostToTrainer, post, { name: side, warn: (w) => warnings.push(w) });
        assert.doesNotThrow(() => end.receive({ tag: 'model-lab/1', kind: 'request', id: 7, method: name, params: {} }));
        await tick();
        assert.deepEqual(posted, [
          {
            tag: 'model-lab/1',
            kind: 'response',
            id: 7,
            ok: false,
            error: { name: 'UnknownMethod', message: `unknown request '${name}'` },
          },
        ]);
        assert.equal(warnings.length, 1);
        assert.match(warnings[0]!, new RegExp(`no handler for request '${name}'`));
      });
    }
  }
});
