// A person opens a sample, clicks ▶ Train and reads what the trainer panel says.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ROOT } from '../harness/vscode-server';
import { activeWebview, openWorkbench, quickOpen, SCREENSHOTS, type Workbench } from './workbench';

describe('e2e: train from the CodeLens', function () {
  let workbench: Workbench;
  before(async function () {
    workbench = await openWorkbench(this, join(ROOT, 'samples'));
  });
  after(async () => workbench?.close());

  it('opens the trainer panel, which reports its compute device', async () => {
    const { page } = workbench;
    await quickOpen(page, 'xor.mlab');
    const lens = page.locator('.codelens-decoration a', { hasText: '▶ Train' }).first();
    await lens.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'xor-editor.png') });
    await lens.click();

    const trainer = activeWebview(page, 'Train · xor');
    const compute = trainer.locator('#compute-text');
    await compute.filter({ hasNotText: 'looking for a GPU' }).waitFor({ timeout: 60_000 });
    const text = (await compute.textContent()) ?? '';
    assert.match(text, /^(WebGPU · .+|CPU)$/);
    if (process.env.MODEL_LAB_EXPECT_WEBGPU === '1') assert.match(text, /^WebGPU · /);
    assert.equal(await trainer.locator('#title').textContent(), 'Train · xor');

    const status = page.locator('.statusbar-item', { hasText: text }).first();
    await status.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'xor-trainer.png') });
  });
});
