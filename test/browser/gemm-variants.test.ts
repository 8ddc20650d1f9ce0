// Every gemm variant forced on in headless Chromium (SwiftShader here, where the choice alone
// runs only the register kernels): each gemm and conv case of the conformance table, both layouts, against
// the CPU backend in the same page (entry.ts). test/gpu/gemm-variants.test.ts adds whole steps.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { CONV_VARIANTS, GEMM_VARIANTS } from '../../src/engine/backends/webgpu/variants';
import { OP_CASES } from '../gpu/op-cases';
import { type BrowserPage, browserOrSkip, openPage } from './chromium';

describe('WebGPU gemm and conv variants in headless Chromium (vs the CPU backend)', function () {
  let page: BrowserPage | undefined;
  const rows = new Map<string, string | null>();

  before(async function () {
    browserOrSkip(this);
    page = await openPage(join(__dirname, 'entry.ts'));
    const adapter = await page.page.evaluate(() => (globalThis as unknown as { __adapter(): Promise<string> }).__adapter());
    if (adapter === 'none') {
      if (process.env.CI === 'true') throw new Error('Chromium gave no WebGPU adapter');
      console.error('!! Browser gemm variants: Chromium gave no WebGPU adapter');
      this.skip();
    }
    const got = await page.page.evaluate(() =>
      (globalThis as unknown as { __gemmVariants(): Promise<{ row: string; error: string | null }[]> }).__gemmVariants(),
    );
    for (const r of got) rows.set(r.row, r.error);
  });
  after(async () => {
    await page?.close();
  });

  const tables: [string, readonly string[], (k: string) => boolean][] = [
    ['gemm', GEMM_VARIANTS, (k) => k === 'gemm'],
    ['conv', CONV_VARIANTS, (k) => k.startsWith('conv2d_')],
  ];
  for (const [family, variants, takes] of tables) {
    for (const v of variants) {
      describe(`${family} ${v}`, () => {
        OP_CASES.forEach((c, i) => {
          if (!takes(c.kernel)) return;
          it(`${c.kernel} ${c.name}`, () => {
            const row = `${family}:${v}/${i}`;
            assert.ok(rows.has(row), 'did not run in the browser');
            assert.equal(rows.get(row), null);
          });
        });
      });
    }
  }
});
