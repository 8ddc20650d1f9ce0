import { strict as assert } from 'node:assert';
import { contentSecurityPolicy } from '../../src/extension/pages/csp';

const SOURCE = 'https://*.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
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
});
