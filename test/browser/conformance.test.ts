// The WebGPU conformance suite inside headless Chromium (browser WebGPU, SwiftShader here): every
// case of test/gpu/op-cases.ts (both layouts, same tolerances) and the whole-step comparisons of
// test/gpu/models.ts, run in a page (entry.ts) against the CPU backend in the same page. Rows are
// defined from the same tables, so a case the page does not report is a failing row. Then the
// backend's own kernels forced on (SwiftShader is a software adapter, where they are off): the
// long-row kernels on every softmax / cross-entropy case, and the fused-kernel models.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { KERNEL_NAMES } from '../../src/engine/kernels/contract';
import { LOSS } from '../../src/engine/kernels/codes';
import { MODELS, STEPS } from '../gpu/models';
import { assertStepsAgree } from '../gpu/steps-agree';
import { FUSED_MODELS } from '../gpu/models-fused';
import { OP_CASES } from '../gpu/op-cases';
import { type BrowserPage, browserOrSkip, openPage } from './chromium';
import type { CaseResult, ModelResult } from './entry';

describe('WebGPU in headless Chromium (vs the CPU backend)', function () {
  let page: BrowserPage | undefined;
  const cases = new Map<number, CaseResult>();
  let models: ModelResult[] = [];
  // The long-row kernels forced on every softmax / cross-entropy case, and the fused-kernel models.
  const ROWS = OP_CASES.flatMap((c, i) =>
    c.kernel.startsWith('softmax') || (c.kernel.startsWith('loss') && c.p.kind === LOSS.cross_entropy) ? [i] : [],
  );
  const forcedCases = new Map<number, CaseResult>();
  let fusedModels: ModelResult[] = [];

  before(async function () {
    browserOrSkip(this);
    page = await openPage(join(__dirname, 'entry.ts'));
    const adapter = await page.page.evaluate(() => (globalThis as unknown as { __adapter(): Promise<string> }).__adapter());
    console.log(`      browser WebGPU adapter: ${adapter}`);
    if (adapter === 'none') {
      const banner = `\n${'!'.repeat(78)}\n!! Browser WebGPU tests: Chromium gave no WebGPU adapter\n${'!'.repeat(78)}`;
      if (process.env.CI === 'true') throw new Error(banner);
      console.error(banner);
      this.skip();
    }
    // In chunks, so one slow evaluate never hits a protocol timeout and progress is visible.
    for (let from = 0; from < OP_CASES.length; from += 40) {
      const got = await page.page.evaluate(
        ([a, b]) => (globalThis as unknown as { __cases(a: number, b: number): Promise<CaseResult[]> }).__cases(a!, b!),
        [from, from + 40],
      );
      for (const r of got) cases.set(r.index, r);
    }
    models = await page.page.evaluate(() => (globalThis as unknown as { __models(): Promise<ModelResult[]> }).__models());
    for (const i of ROWS) {
      const got = await page.page.evaluate(
        (k) => (globalThis as unknown as { __cases(a: number, b: number, f: boolean): Promise<CaseResult[]> }).__cases(k, k + 1, true),
        i,
      );
      for (const r of got) forcedCases.set(r.index, r);
    }
    fusedModels = await page.page.evaluate(() =>
      (globalThis as unknown as { __models(f: boolean): Promise<ModelResult[]> }).__models(true),
    );
  });
  after(async () => {
    await page?.close();
  });

  for (const kernel of KERNEL_NAMES) {
    describe(kernel, () => {
      OP_CASES.forEach((c, i) => {
        if (c.kernel !== kernel) return;
        it(c.name, () => {
          const r = cases.get(i);
          assert.ok(r, `case ${i} (${c.kernel} ${c.name}) did not run in the browser`);
          assert.equal(r.error, null);
        });
      });
    });
  }

  const stepsAgree = (r: ModelResult | undefined, name: string) => {
    assert.ok(r, `model ${name} did not run in the browser`);
    assert.equal(r.error, null);
    assertStepsAgree(r.cpu, r.gpu);
  };

  describe('training steps', () => {
    MODELS.forEach((m, i) => {
      it(`${m.name}: ${STEPS} step losses within 1e-3`, () => stepsAgree(models[i], m.name));
    });
  });

  describe("the backend's own kernels, forced on", () => {
    for (const i of ROWS)
      it(`long-row kernel: ${OP_CASES[i]!.kernel} ${OP_CASES[i]!.name}`, () => {
        const r = forcedCases.get(i);
        assert.ok(r, `case ${i} did not run in the browser`);
        assert.equal(r.error, null);
      });
    FUSED_MODELS.forEach((m, i) => {
      it(`${m.name}: ${STEPS} step losses within 1e-3`, () => stepsAgree(fusedModels[i], m.name));
    });
  });
});
