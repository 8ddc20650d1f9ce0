// A person opens a sample, clicks ▶ Train and reads what the trainer panel says: once with the
// extension loaded from this checkout, once installed from the packaged .vsix.
import { strict as assert } from 'node:assert';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../harness/vscode-server';
import { openWorkbench, quickOpen, SCREENSHOTS, runCommand, type Workbench, webviewFor } from './workbench';

const VSIX = join(ROOT, 'dist', 'model-lab.vsix');

for (const mode of ['development', 'vsix'] as const) {
  describe(`e2e (${mode}): train from the CodeLens`, function () {
    let workbench: Workbench;
    before(async function () {
      if (mode === 'vsix') assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
      workbench = await openWorkbench(this, join(ROOT, 'samples'), mode === 'vsix' ? VSIX : undefined);
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && workbench) {
        await workbench.page.screenshot({ path: join(SCREENSHOTS, `${mode}-FAILED.png`) });
        const frames = await workbench.page.locator('iframe.webview').evaluateAll((els) => els.map((e) => e.outerHTML.slice(0, 300)));
        console.error(`webview iframes at failure:\n${frames.join('\n')}`);
      }
    });
    after(async () => {
      await workbench?.close();
      rmSync(join(ROOT, 'samples', '.modellab'), { recursive: true, force: true }); // the runs this test made
    });

    it('opens the trainer panel, which reports its compute device in the panel and the status bar', async () => {
      const { page } = workbench;
      await quickOpen(page, 'xor.mlab');
      const lens = page.locator('.codelens-decoration a', { hasText: '▶ Train' }).first();
      await lens.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(SCREENSHOTS, `${mode}-xor-editor.png`) });
      await lens.click();

      const trainer = await webviewFor(page, 'trainer');
      const compute = trainer.locator('#compute-text');
      await compute.filter({ hasNotText: 'looking for a GPU' }).waitFor({ timeout: 60_000 });
      const text = (await compute.textContent()) ?? '';
      // WebGPU on a hardware adapter; else (auto on SwiftShader) the host's fast CPU backend.
      assert.match(text, /^(WebGPU · .+|CPU|CPU \(WebAssembly SIMD(, relaxed)?\) · \d+ threads?)$/);
      // CI's page must find WebGPU (SwiftShader): used, or named as the adapter `auto` passed over.
      if (process.env.MODEL_LAB_EXPECT_WEBGPU === '1') {
        const unused = (await trainer.locator('#compute-unused').textContent()) ?? '';
        assert.match(`${text} ${unused}`, /WebGPU · /);
      }
      assert.equal(await trainer.locator('#title').textContent(), 'Train · net');

      await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SCREENSHOTS, `${mode}-xor-trainer.png`) });
    });

    it('trains the model: the panel shows progress, the lens the result, the chart its curves', async () => {
      const { page } = workbench;
      const trainer = await webviewFor(page, 'trainer');
      const state = trainer.locator('#run-state');
      await state.filter({ hasNotText: /Starting|Training/ }).waitFor({ timeout: 90_000 });
      assert.match((await state.textContent()) ?? '', /^(Done|threshold)$/);
      assert.match((await trainer.locator('#run-epoch [data-metric="train_accuracy"]').textContent()) ?? '', /^train_accuracy 1$/);
      const result = page.locator('.codelens-decoration', { hasText: '✓' }).first();
      await result.waitFor({ timeout: 30_000 });
      assert.match((await result.textContent()) ?? '', /✓ train acc 100\.0% · loss [\d.]+ · threshold · [\d.]+ s · 33 params/);
      await page.screenshot({ path: join(SCREENSHOTS, `${mode}-xor-trained.png`) });
    });

    it('shows the same device in the Training view of the panel area', async () => {
      const { page } = workbench;
      await runCommand(page, 'Model Lab: Focus on Training View');
      const chart = await webviewFor(page, 'chart');
      const line = chart.locator('#compute');
      await line.filter({ hasText: /Compute: (WebGPU|CPU)/ }).waitFor({ timeout: 30_000 });
      const status =
        (
          await page
            .locator('.statusbar-item', { hasText: /WebGPU|CPU/ })
            .first()
            .textContent()
        )?.trim() ?? '';
      assert.ok(
        ((await line.textContent()) ?? '').includes(status.replace(/^.*?(WebGPU|CPU)/, '$1')),
        `the view's line names the status bar's device (${status})`,
      );
      await chart.locator('#chart-box:not([hidden]) canvas').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SCREENSHOTS, `${mode}-training-view.png`) });
    });

    it('lists the run in the Runs tree: experiment, model, run with its key metric', async () => {
      const { page } = workbench;
      await runCommand(page, 'Model Lab: Focus on Runs View');
      const tree = page.locator('.pane', { hasText: 'Runs' }).first();
      for (const text of ['xor.mlab', 'net', 'train acc 100.0%']) {
        await tree.locator('.monaco-list-row', { hasText: text }).first().waitFor({ timeout: 20_000 });
      }
      await page.screenshot({ path: join(SCREENSHOTS, `${mode}-runs-tree.png`) });
    });

    it('ran both webviews without a single CSP violation', async () => {
      for (const entry of ['trainer', 'chart']) {
        const root = (await webviewFor(workbench.page, entry)).locator('main#app');
        const count = await root.getAttribute('data-csp-violations');
        assert.equal(
          count,
          '0',
          `${entry} page: ${count} CSP violation(s), the last: ${await root.getAttribute('data-csp-last-violation')}`,
        );
      }
    });
  });
}
