import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { contentSecurityPolicy } from '../../src/extension/pages/csp';

const SOURCE = 'https://*.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('webview CSP', () => {
  const csp = directives(contentSecurityPolicy(SOURCE, 'abc123'));

  it("denies everything by default and allows scripts only with the page's nonce", () => {
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-abc123'"]);
  });

  it('allows nothing inline, nothing evaluated and nothing remote', () => {
    const all = [...csp.values()].flat();
    for (const banned of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'https:', 'http:']) {
      assert.ok(!all.includes(banned), `${banned} is not allowed`);
    }
    for (const [name, values] of csp) {
      for (const v of values) assert.ok(["'none'", "'nonce-abc123'", SOURCE, 'data:', 'blob:'].includes(v), `${name} ${v}`);
    }
  });

  it("adds 'wasm-unsafe-eval' only for pages that run WebAssembly", () => {
    assert.deepEqual(directives(contentSecurityPolicy(SOURCE, 'n', true)).get('script-src'), ["'nonce-n'", "'wasm-unsafe-eval'"]);
  });

  // A page's CSP has no 'unsafe-eval': zod must never try `new Function`, not even to probe (the
  // caught attempt is still reported as a violation). Each protocol file is bundled alone, as a
  // page bundle loads whichever it imports first (the engine's run-record schema too), and run in a fresh context that counts `Function`.
  it('lets no file with a schema, loaded first, make zod try eval', async function () {
    this.timeout(60_000);
    const src = join(__dirname, '..', '..', 'src');
    const protocol = readdirSync(join(src, 'protocol'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join('protocol', f));
    assert.ok(protocol.length >= 10, 'the protocol files were found');
    // The run record's schema (engine io) reaches pages through the protocol, and may on its own.
    const files = [...protocol, join('engine', 'io', 'run-record.ts')];
    const tried: string[] = [];
    for (const f of files) {
      const bundle = await build({
        entryPoints: [join(src, f)],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        logLevel: 'silent',
      });
      const context = createContext({});
      runInContext(
        'const real = Function; globalThis.calls = 0; ' +
          'globalThis.Function = new Proxy(real, { construct: (t, a) => (globalThis.calls++, Reflect.construct(t, a)) });',
        context,
      );
      runInContext(bundle.outputFiles[0]!.text, context);
      if (context.calls !== 0) tried.push(f);
    }
    assert.deepEqual(tried, [], 'files whose loading made zod construct a Function');
  });
});
