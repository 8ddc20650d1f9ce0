// A person makes a model small: trains it from its CodeLens, opens the Compression Report from the
// command palette, reads the original's row, clicks Quantize (int8), takes the default calibration
// and sees the int8 row appear — written into the run folder —; the run's menu in the Runs tree has
// Quantize too; all without a CSP violation.
// Screenshots go to test-results/e2e.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { ROOT } from '../harness/vscode-server';
import { cspViolations, openWorkbench, quickOpen, runCommand, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

/** The table as the page shows it: each row's kind and cells (variant, bytes, non-zero, test acc, ...). */
const rowsOf = (compress: FrameLocator) =>
  compress
    .locator('.compress-table tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({ kind: (tr as HTMLElement).dataset.kind, cells: [...tr.children].map((c) => c.textContent ?? '') })),
    );

describe('e2e: the Compression Report, Quantize from the page', function () {
  let workbench: Workbench;
  let folder: string;
  const shot = (name: string) => workbench.page.screenshot({ path: join(SCREENSHOTS, `compress-${name}.png`) });

  before(async function () {
    folder = mkdtempSync(join(tmpdir(), 'model-lab-e2e-compress-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'e2e', 'compress.mlab'), join(folder, 'compress.mlab'));
    workbench = await openWorkbench(this, folder);
    await quickOpen(workbench.page, 'compress.mlab');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await shot(`FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('trains from the lens and opens the report from the command palette: the original with its bytes and accuracy', async () => {
    const { page } = workbench;
    const train = page.locator('.codelens-decoration a', { hasText: '▶ Train' }).first();
    await train.waitFor({ timeout: 30_000 });
    await train.click();
    await page.locator('.codelens-decoration', { hasText: '✓' }).first().waitFor({ timeout: 120_000 });
    await quickOpen(page, 'compress.mlab'); // the trainer took the editor: the command needs the experiment in front
    await runCommand(page, 'Model Lab: Compression Report');
    const compress = await webviewFor(page, 'compress', 60_000);
    await compress.locator('main#app[data-state="shown"]').waitFor({ timeout: 60_000 });
    const rows = await rowsOf(compress);
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['original'],
    );
    const [label, bytes, nonZero, accuracy] = rows[0]!.cells;
    assert.equal(label, 'train tiny on moons');
    assert.ok(Number(bytes) > 4 * 4482, `the float file holds its 4,482 parameters: ${bytes} bytes`);
    assert.match(nonZero!, /^\d+\/4482$/);
    assert.match(accuracy!, /^\d{1,3}\.\d\d%$/);
    await shot('original');
  });

  it('Quantize (int8) with the default calibration: the int8 row appears, its file in the run folder', async () => {
    const { page } = workbench;
    const compress = await webviewFor(page, 'compress');
    await compress.locator('tr[data-kind="original"] .compress-quantize').click();
    // The calibration is asked in the workbench: the CLI's default is the first item.
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: '10 batches (min/max)' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await shot('calibration');
    await pick.click();
    await compress.locator('tr[data-kind="int8"]').waitFor({ timeout: 60_000 });
    await compress.locator('#quantize-status[data-state="done"]').waitFor({ timeout: 10_000 });
    const rows = await rowsOf(compress);
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['original', 'int8'],
    );
    const [label, bytes, , accuracy, , size] = rows[1]!.cells;
    assert.equal(label, 'int8 of train tiny on moons');
    assert.match(accuracy!, /^\d{1,3}\.\d\d%$/);
    assert.match(size!, /^×0\.\d{3}$/, 'smaller than the original');
    const runs = join(folder, '.modellab', 'runs');
    const onnx = readdirSync(runs)
      .map((d) => join(runs, d, 'int8', 'model.onnx'))
      .find((f) => existsSync(f));
    assert.ok(onnx, 'RUN/int8/model.onnx is written');
    assert.equal(Number(bytes), statSync(onnx).size);
    assert.match(
      (await compress.locator('#quantize-status').textContent()) ?? '',
      /int8 of 'tiny' .*, calibrated on 10 batches \(min\/max\), written to .*int8\/model\.onnx/,
    );
    await shot('int8');
  });

  it('Quantize (int8) again with an epoch of quantization-aware fine-tuning: the int8 row says so', async () => {
    const { page } = workbench;
    const compress = await webviewFor(page, 'compress');
    await compress.locator('tr[data-kind="original"] .compress-quantize').click();
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    assert.match((await rows.first().textContent()) ?? '', /As last time: 10 batches \(min\/max\)/, 'the last calibration first');
    await rows.filter({ hasText: 'then 1 epoch quantization-aware' }).first().click();
    const aware = compress.locator('tr[data-kind="int8"] th', { hasText: 'int8 of train tiny on moons (quantization-aware)' });
    await aware.waitFor({ timeout: 60_000 });
    assert.match(
      (await compress.locator('#quantize-status').textContent()) ?? '',
      /calibrated on 10 batches \(min\/max\), fine-tuned 1 epoch at lr [0-9.e-]+ with fake-quant, written to/,
    );
    await shot('int8-aware');
  });

  it("the run's context menu in the Runs tree has Quantize (int8), right after Export", async () => {
    const { page } = workbench;
    await runCommand(page, 'Model Lab: Focus on Runs View');
    const run = page.locator('.pane .monaco-list-row[aria-level="3"]').first();
    await run.waitFor({ timeout: 30_000 });
    await run.click({ button: 'right' });
    const items = page.locator('.context-view .action-label');
    await items.first().waitFor({ timeout: 10_000 });
    const labels = (await items.allTextContents()).map((t) => t.trim());
    await page.keyboard.press('Escape');
    const i = labels.indexOf('Export to ONNX');
    assert.ok(i >= 0 && labels[i + 1] === 'Quantize (int8)', `the menu: ${JSON.stringify(labels)}`);
  });

  it('ran the compress page without a CSP violation', async () => {
    assert.deepEqual(await cspViolations(workbench.page, ['compress']), []);
  });
});
