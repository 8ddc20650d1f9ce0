// A person tries a trained picture model: trains it from its CodeLens, opens Predict on its run
// from the Runs tree, draws strokes on the canvas with the mouse, and watches the top class and
// the probabilities change as they draw; then opens an .onnx file in the viewer. Neither page may
// report a CSP violation. Screenshots go to test-results/e2e.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { ROOT } from '../harness/vscode-server';
import { clickMenuItem, cspViolations, openWorkbench, quickOpen, runCommand, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

const FASHION = join(ROOT, 'samples', 'data', 'fashion-mnist');

/** The class list as the page shows it: [name, percent] by rank, and the top class the page names. */
async function reading(predict: FrameLocator): Promise<{ top: string | null; rows: [string, number][] }> {
  const rows = await predict
    .locator('.predict-result')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          [e.querySelector('.predict-class')?.textContent ?? '', parseFloat(e.lastElementChild?.textContent ?? '')] as [string, number],
      ),
    );
  return { top: await predict.locator('main#app').getAttribute('data-top'), rows };
}

describe('e2e: Predict on a trained picture model', function () {
  let workbench: Workbench;
  let folder: string;
  const shot = (name: string) => workbench.page.screenshot({ path: join(SCREENSHOTS, `predict-${name}.png`) });

  before(async function () {
    folder = mkdtempSync(join(tmpdir(), 'model-lab-e2e-predict-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'e2e', 'predict.mlab'), join(folder, 'predict.mlab'));
    for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) cpSync(join(FASHION, f), join(folder, 'data', f));
    cpSync(join(ROOT, 'test', 'fixtures', 'workspace', 'onnx', 'torch-cnn.onnx'), join(folder, 'torch-cnn.onnx'));
    workbench = await openWorkbench(this, folder);
    await quickOpen(workbench.page, 'predict.mlab');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await shot(`FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('trains the model and opens Predict on its run from the Runs tree', async () => {
    const { page } = workbench;
    const train = page.locator('.codelens-decoration a', { hasText: '▶ Train' }).first();
    await train.waitFor({ timeout: 30_000 });
    await train.click();
    await page.locator('.codelens-decoration', { hasText: '✓' }).first().waitFor({ timeout: 150_000 });
    await runCommand(page, 'Model Lab: Focus on Runs View');
    const run = page.locator('.pane .monaco-list-row[aria-level="3"]').first();
    await run.waitFor({ timeout: 30_000 });
    await run.click({ button: 'right' });
    await clickMenuItem(page, 'Predict');
    const predict = await webviewFor(page, 'predict', 60_000);
    await predict.locator('canvas.predict-canvas').waitFor({ timeout: 30_000 });
    await predict.locator('.predict-result').first().waitFor({ timeout: 60_000 });
    await shot('blank');
  });

  it('draws strokes on the canvas: the top class and the probabilities follow the drawing', async () => {
    const { page } = workbench;
    const predict = await webviewFor(page, 'predict');
    const blank = await reading(predict);
    assert.equal(blank.rows.length, 10, 'ten classes');
    assert.equal(blank.top, blank.rows[0]![0], 'the top class is the first row');
    const box = (await predict.locator('canvas.predict-canvas').boundingBox())!;
    assert.ok(box && box.width > 100, 'the canvas is on screen');
    const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    /** One stroke through the points (fractions of the canvas), as a mouse drag. */
    const stroke = async (points: readonly [number, number][]) => {
      await page.mouse.move(...at(...points[0]!));
      await page.mouse.down();
      for (const p of points.slice(1)) await page.mouse.move(...at(...p), { steps: 6 });
      await page.mouse.up();
    };
    const seen = [blank];
    const changed = async () => {
      const before = JSON.stringify(seen[seen.length - 1]!.rows);
      await predict.locator('main#app').page().waitForTimeout(100);
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(200)) {
        const now = await reading(predict);
        if (JSON.stringify(now.rows) !== before) return void seen.push(now);
      }
      assert.fail('the probabilities did not change after a stroke');
    };
    // A T-shirt-like outline: shoulders, sides, hem; then a vertical bar through the middle.
    await stroke([
      [0.2, 0.2],
      [0.8, 0.2],
    ]);
    await changed();
    await stroke([
      [0.3, 0.2],
      [0.3, 0.85],
      [0.7, 0.85],
      [0.7, 0.2],
    ]);
    await changed();
    await stroke([
      [0.5, 0.1],
      [0.5, 0.95],
    ]);
    await changed();
    await shot('drawn');
    for (const r of seen) {
      const sum = r.rows.reduce((a, [, p]) => a + p, 0);
      assert.ok(Math.abs(sum - 100) < 1, `the percentages add up to 100 (${sum})`);
      assert.equal(r.top, r.rows[0]![0]);
      assert.deepEqual(
        [...r.rows].sort((a, b) => b[1] - a[1]).map(([n]) => n),
        r.rows.map(([n]) => n),
        'ranked, highest first',
      );
    }
    assert.ok(new Set(seen.map((r) => r.rows[0]![1])).size > 1, 'the top probability moved as the drawing grew');
  });

  it('opens an .onnx file in the viewer', async () => {
    const { page } = workbench;
    await quickOpen(page, 'torch-cnn.onnx');
    const viewer = await webviewFor(page, 'onnx', 60_000);
    await viewer.locator('table').first().waitFor({ timeout: 30_000 });
    assert.match((await viewer.locator('main#app').textContent()) ?? '', /Conv/);
    await shot('onnx');
  });

  it('ran the predict and onnx pages without a CSP violation', async () => {
    assert.deepEqual(await cspViolations(workbench.page, ['predict', 'onnx']), []);
  });
});
