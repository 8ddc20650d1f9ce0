// A person works with runs: clicks a node of the architecture diagram to find its line, trains a
// sweep of two runs, stops a long run from the trainer panel, exports the chart's data, compares
// the sweep's two runs, opens a run's report, deletes a run from the Runs tree and trains a tiny
// language model whose samples the trainer panel shows. Screenshots go
// to test-results/e2e.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../harness/vscode-server';
import { clickMenuItem, cspViolations, openWorkbench, quickOpen, runCommand, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

describe('e2e: working with runs', function () {
  let workbench: Workbench;
  let folder: string;
  const shot = (name: string) => workbench.page.screenshot({ path: join(SCREENSHOTS, `runs-${name}.png`) });
  const lens = (text: string, nth: number) => workbench.page.locator('.codelens-decoration a', { hasText: text }).nth(nth);

  before(async function () {
    folder = mkdtempSync(join(tmpdir(), 'model-lab-e2e-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'e2e'), folder, { recursive: true });
    workbench = await openWorkbench(this, folder);
    await quickOpen(workbench.page, 'runs.mlab');
    await lens('▶ Train', 0).waitFor({ timeout: 30_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await shot(`FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('clicking a node of the architecture diagram puts the cursor on its layer', async () => {
    const { page } = workbench;
    await lens('Architecture', 0).click();
    const diagram = await webviewFor(page, 'diagram');
    const node = diagram.locator('g.diagram-node[data-layer="1"]'); // `dense 2` of model pair, line 9
    await node.waitFor({ timeout: 30_000 }).catch(async (e) => {
      console.error((await diagram.locator('main#app').innerHTML()).slice(0, 3000));
      throw e;
    });
    await shot('diagram');
    await node.click();
    await page
      .locator('.statusbar-item', { hasText: /Ln 9, Col 3/ })
      .first()
      .waitFor({ timeout: 15_000 });
    assert.equal(await diagram.locator('main#app').getAttribute('data-csp-violations'), '0');
  });

  it('trains a sweep of two runs; both appear in the Runs tree', async () => {
    const { page } = workbench;
    await quickOpen(page, 'runs.mlab');
    await lens('▶ Train', 0).click();
    // At once to the diagram, as a person might: its tab may cover the trainer before its page loaded.
    await lens('Architecture', 0).click();
    const result = page.locator('.codelens-decoration', { hasText: '✓' }).first();
    await result.waitFor({ timeout: 120_000 });
    await runCommand(page, 'Model Lab: Focus on Runs View');
    const tree = page.locator('.pane', { hasText: 'Runs' }).first();
    await tree.locator('.monaco-list-row', { hasText: 'pair' }).first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelectorAll('.pane .monaco-list-row[aria-level="3"]').length >= 2, undefined, {
      timeout: 30_000,
    });
    await shot('sweep-trained');
  });

  it('stops a long run from the trainer panel: it ends "stopped" and the lens says so', async () => {
    const { page } = workbench;
    await quickOpen(page, 'runs.mlab');
    await lens('▶ Train', 1).click();
    const trainer = await webviewFor(page, 'trainer');
    const state = trainer.locator('#run-state');
    await state.filter({ hasText: 'Training' }).waitFor({ timeout: 60_000 });
    await trainer.locator('#run-live').filter({ hasText: /step/ }).waitFor({ timeout: 30_000 });
    await shot('long-run-training');
    await trainer.locator('#run-stop').click();
    await state.filter({ hasText: 'stopped' }).waitFor({ timeout: 30_000 });
    assert.match((await trainer.locator('#run-message').textContent()) ?? '', /stopped at step \d+/);
    const result = page.locator('.codelens-decoration', { hasText: '■' }).first();
    await result.waitFor({ timeout: 30_000 });
    assert.match((await result.textContent()) ?? '', /■ .*stopped · [\d.]+ s · 162 params/);
    await shot('long-run-stopped');
  });

  it('exports the chart data as CSV through the save dialog', async () => {
    const { page } = workbench;
    await runCommand(page, 'Model Lab: Focus on Training View');
    const chart = await webviewFor(page, 'chart');
    await chart.locator('#export-csv').click();
    // code-server's save dialog is a quick input holding the proposed path: accept it.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    const path = await input.inputValue();
    await page.keyboard.press('Enter');
    await chart
      .locator('#export-status')
      .filter({ hasText: /^Saved / })
      .waitFor({ timeout: 20_000 });
    const saved = ((await chart.locator('#export-status').textContent()) ?? '').replace(/^Saved /, '');
    assert.ok(existsSync(saved), `${saved} (dialog proposed ${path}) exists`);
    const csv = readFileSync(saved, 'utf8').trim().split('\n');
    assert.ok(csv.length > 50, `a row per point: ${csv.length} lines`);
    assert.match(csv[0]!, /run/i);
    await shot('chart-exported');
  });

  it("compares the sweep's two runs from the Runs tree: one table row for the learning rate, curves together", async () => {
    const { page } = workbench;
    await runCommand(page, 'Model Lab: Focus on Runs View');
    const tree = page.locator('.pane', { hasText: 'Runs' }).first();
    const model = tree.locator('.monaco-list-row[aria-level="2"]', { hasText: 'pair' }).first();
    if ((await model.getAttribute('aria-expanded')) === 'false') await model.click();
    const runs = tree.locator('.monaco-list-row[aria-level="3"]');
    // The stopped run of `slow` is a run row too; the sweep's two are the finished ones.
    const rows = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    const sweep = rows
      .map((text, i) => ({ text, i }))
      .filter((r) => !/stopped/i.test(r.text))
      .map((r) => r.i);
    assert.ok(sweep.length >= 2, `two finished runs in the tree: ${JSON.stringify(rows)}`);
    await runs.nth(sweep[0]!).click();
    await runs.nth(sweep[1]!).click({ modifiers: ['Control'] });
    await runs.nth(sweep[1]!).click({ button: 'right' });
    await clickMenuItem(page, 'Compare Runs');
    const compare = await webviewFor(page, 'compare');
    await compare.locator('#summary').filter({ hasText: '2 runs · 1 setting differs' }).waitFor({ timeout: 30_000 });
    assert.match((await compare.locator('#table').textContent()) ?? '', /optimizer\.lr/);
    await compare.locator('canvas').first().waitFor({ timeout: 10_000 });
    await shot('compare');
  });

  it("opens a run's report from the Runs tree: confusion matrix and decision boundary", async () => {
    const { page } = workbench;
    const tree = page.locator('.pane', { hasText: 'Runs' }).first();
    const runs = tree.locator('.monaco-list-row[aria-level="3"]');
    const rows = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    await runs.nth(rows.findIndex((r) => !/stopped/i.test(r))).click();
    const report = await webviewFor(page, 'report');
    await report.locator('#confusion-section table').waitFor({ timeout: 60_000 });
    await report.locator('canvas#boundary').waitFor({ timeout: 10_000 });
    assert.match((await report.locator('#confusion-section h2').textContent()) ?? '', /Confusion matrix \(val, 100 examples\)/);
    await shot('report');
  });

  it('deletes a run from the Runs tree after asking: its row and its folder are gone', async () => {
    const { page } = workbench;
    const tree = page.locator('.pane', { hasText: 'Runs' }).first();
    const runs = tree.locator('.monaco-list-row[aria-level="3"]');
    const before = await runs.count();
    const labels = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const stopped = runs.nth(labels.findIndex((r) => /stopped/i.test(r)));
    const dir = /(\/\S+\/\.modellab\/runs\/slow-[\w-]+)/.exec((await stopped.getAttribute('aria-label')) ?? '')?.[1];
    assert.ok(dir && existsSync(dir), `the stopped run's folder is named in its row: ${dir}`);
    await stopped.click({ button: 'right' });
    await clickMenuItem(page, 'Delete Run');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match((await dialog.textContent()) ?? '', /Delete the run in .*slow-/);
    await shot('delete-dialog');
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
    await page.waitForFunction((n) => document.querySelectorAll('.pane .monaco-list-row[aria-level="3"]').length === n - 1, before, {
      timeout: 15_000,
    });
    assert.equal(existsSync(dir), false, `${dir} is deleted`);
  });

  it("shows a language model's sample after each epoch in the trainer panel, as its record has it", async () => {
    const { page } = workbench;
    await quickOpen(page, 'runs.mlab');
    // The model is at the file's end, and CodeLenses are drawn only where the editor shows: go to
    // its line (Ctrl+G works from any focus). The lenses are re-rendered as they resolve, and a
    // click in that moment can land on one being replaced and do nothing: then again.
    const chars = page.locator('.codelens-decoration', { hasText: '3,536 params' }).locator('a', { hasText: '▶ Train' });
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+G');
      await page.keyboard.type('44');
      await page.keyboard.press('Enter');
      await chars.click({ timeout: 10_000 }).catch(() => undefined);
      const opened = await page
        .locator('.tab', { hasText: 'Train · chars' })
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (opened || attempt === 3) break;
    }
    const trainer = await webviewFor(page, 'trainer');
    await trainer.locator('#run-state').filter({ hasText: 'Done' }).waitFor({ timeout: 90_000 });
    const sample = trainer.locator('#run-sample');
    await sample.locator('figcaption', { hasText: 'sample after epoch 3' }).waitFor({ timeout: 15_000 });
    await shot('language-model-sample');
    const runs = join(folder, '.modellab', 'runs');
    const dir = readdirSync(runs).find((d) => d.startsWith('chars-'));
    assert.ok(dir, `a chars run in ${runs}`);
    const lines = readFileSync(join(runs, dir, 'record.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const samples = lines.filter((l) => l.type === 'sample');
    assert.deepEqual(
      samples.map((l) => l.epoch),
      [1, 2, 3],
    );
    // The page shows the host's decoding of the last one: characters, not ids.
    assert.equal(await sample.locator('pre').textContent(), samples[2].text);
    assert.match(samples[2].text, /^[a-z .\n]+$/);
  });

  it('ran the trainer, chart, compare and report pages without a CSP violation', async () => {
    assert.deepEqual(await cspViolations(workbench.page, ['trainer', 'chart', 'compare', 'report']), []);
  });
});
