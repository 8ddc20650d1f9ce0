// The Getting Started walkthrough, done like a first-time user in an empty folder: each step's
// action (the walkthrough's own button, a CodeLens, a command, a key), then every step checked.
// Screenshots: test-results/e2e/walkthrough-*.png.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readRunSummary } from '../../src/engine/io/run-summary';
import { openWorkbench, runCommand, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

const STEPS = [
  'Open a sample experiment',
  'Read the shapes',
  'Train a model',
  'Watch the curve',
  'Open the diagram',
  'Compare two runs',
  "Open a run's report",
];

describe('e2e: the Getting Started walkthrough', function () {
  let workbench: Workbench;
  let folder: string;
  const shot = (name: string) => workbench.page.screenshot({ path: join(SCREENSHOTS, `walkthrough-${name}.png`) });
  const lens = (text: string) => workbench.page.locator('.codelens-decoration a', { hasText: text }).first();
  const step = (title: string) => workbench.page.locator('.getting-started-step', { hasText: title }).first();

  /** Finished runs in the folder, read from their records. */
  const finishedRuns = () => {
    const dir = join(folder, '.modellab', 'runs');
    return existsSync(dir)
      ? readdirSync(dir)
          .map((n) => readRunSummary(join(dir, n)))
          .filter((r) => r && r.status !== 'running')
      : [];
  };

  async function openWalkthrough(page: Page): Promise<void> {
    // Keys typed while a webview has focus stay in it: give the workbench the focus first.
    await page.locator('.part.sidebar .composite.title').first().click();
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const input = page.locator('.quick-input-widget input');
    await input.fill('Get Started with Model Lab');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Model Lab' }).first().click({ timeout: 15_000 });
    await step(STEPS[0]!).waitFor({ timeout: 20_000 });
  }

  async function trainAndWait(runs: number): Promise<void> {
    await lens('▶ Train').click();
    const deadline = Date.now() + 150_000;
    while (finishedRuns().length < runs) {
      assert.ok(Date.now() < deadline, `${runs} finished run(s) within 150 s`);
      await workbench.page.waitForTimeout(500);
    }
  }

  /** Keyboard only: on the `entry` page (its tab's title starts with `tab`), Tab from the page's
   *  start reaches `selector`, whose focus is drawn, and `key` on it opens a run's record.jsonl. */
  async function expectKeyboardOpensRecord(entry: string, tab: string, selector: string, key = 'Enter'): Promise<void> {
    const { page } = workbench;
    // No record open before the key, so that the tab after it is the key's doing.
    const records = page.locator('.tab[data-resource-name="record.jsonl"]');
    for (let n = await records.count(); n > 0; n--) {
      await records.first().click({ button: 'middle' }); // a middle click closes a tab
      await page.waitForFunction((left) => document.querySelectorAll('.tab[data-resource-name="record.jsonl"]').length < left, n, {
        timeout: 10_000,
      });
    }
    await page.locator('.tab', { hasText: tab }).first().click();
    const frame = await webviewFor(page, entry);
    const target = frame.locator(selector).first();
    await frame.locator('body').evaluate((b) => ((b.tabIndex = -1), b.focus()));
    for (let i = 0; i < 30 && !(await target.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await target.evaluate((e) => e === document.activeElement), `Tab reaches ${selector}`);
    const outline = await target.evaluate((e) => getComputedStyle(e).outlineStyle);
    assert.notEqual(outline, 'none', `${selector} shows its focus`);
    await page.keyboard.press(key);
    await records.first().waitFor({ timeout: 15_000 });
  }

  before(async function () {
    // A folder with no experiment in it (one note, so that the explorer shows the folder is open).
    folder = mkdtempSync(join(tmpdir(), 'model-lab-walkthrough-'));
    writeFileSync(join(folder, 'notes.md'), '# My first model\n');
    workbench = await openWorkbench(this, folder);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await shot(`FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('opens from the command palette with its seven steps, none done', async () => {
    await openWalkthrough(workbench.page);
    for (const title of STEPS)
      assert.equal(await step(title).locator('.codicon-getting-started-step-checked').count(), 0, `${title} starts unchecked`);
    await shot('start');
  });

  it('step 1: its button copies the sample into the folder and opens it', async () => {
    const { page } = workbench;
    await step(STEPS[0]!).click();
    await page
      .locator('.getting-started-step.expanded .step-description-container', { hasText: 'Open a Sample' })
      .locator('a, button', { hasText: 'Open a Sample' })
      .first()
      .click();
    await page.locator('.tab[data-resource-name="moons.mlab"]').waitFor({ timeout: 20_000 });
    assert.ok(existsSync(join(folder, 'moons.mlab')), 'moons.mlab was copied into the folder');
    await lens('▶ Train').waitFor({ timeout: 30_000 });
  });

  it('step 2: the hover on a layer shows its shape', async () => {
    const { page } = workbench;
    await page.locator('.view-line', { hasText: 'dense 16 relu' }).first().click();
    await page.keyboard.press('Home'); // on `dense`, the layer's name
    await page
      .locator('.statusbar-item', { hasText: /Ln 10, Col 3/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /\[16\]/ }).first();
    await hover.waitFor({ timeout: 15_000 });
    await shot('hover');
    await page.keyboard.press('Escape');
  });

  it('step 3: ▶ Train trains the sample to the end', async () => {
    await trainAndWait(1);
    await workbench.page.locator('.codelens-decoration', { hasText: '✓' }).first().waitFor({ timeout: 30_000 });
  });

  it('step 4: the Training view shows the curve', async () => {
    await runCommand(workbench.page, 'Model Lab: Focus on Training View');
    const chart = await webviewFor(workbench.page, 'chart');
    await chart.locator('canvas').first().waitFor({ timeout: 20_000 });
    await shot('curve');
  });

  it('step 5: the diagram opens, and Tab then Enter on a layer puts the cursor on its line', async () => {
    const { page } = workbench;
    await lens('Architecture').click();
    const diagram = await webviewFor(page, 'diagram');
    const first = diagram.locator('g.diagram-node[data-layer="0"]');
    await first.waitFor({ timeout: 30_000 });
    // Keyboard only: focus the page's first control, then Tab through to the first layer's box.
    await diagram.locator('button').first().focus();
    for (let i = 0; i < 20 && !(await first.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await first.evaluate((e) => e === document.activeElement), 'Tab reaches the first layer');
    await page.keyboard.press('Enter');
    await page
      .locator('.statusbar-item', { hasText: /Ln 10, Col 3/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await shot('diagram');
  });

  it('step 6: a second run, then Compare Runs with both picked', async () => {
    const { page } = workbench;
    await page.locator('.tab[data-resource-name="moons.mlab"]').click();
    await trainAndWait(2);
    await runCommand(page, 'Model Lab: Compare Runs');
    const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: 'classifier · ' });
    await rows.nth(1).waitFor({ timeout: 15_000 });
    // The two runs read apart in the pick list as in the Runs tree: their start times differ.
    const labels = await Promise.all([0, 1].map((i) => rows.nth(i).locator('.label-name').first().textContent()));
    assert.equal(new Set(labels).size, 2, `two distinct labels: ${JSON.stringify(labels)}`);
    await rows.nth(0).click(); // a click toggles a row of a multi-pick
    await rows.nth(1).click();
    await page.locator('.quick-input-widget', { hasText: '2 Selected' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const compare = await webviewFor(page, 'compare');
    await compare
      .locator('#summary')
      .filter({ hasText: /^2 runs/ })
      .waitFor({ timeout: 30_000 });
    await shot('compare');
    await expectKeyboardOpensRecord('compare', 'Compare · ', '#table th a');
  });

  it("step 7: Show Run Report opens a run's report", async () => {
    const { page } = workbench;
    await runCommand(page, 'Model Lab: Show Run Report');
    // The runs' picker replaces the command palette in the same widget: wait for its placeholder
    // and a run's row, then Enter takes the first (a click could wait on the row's hover, which
    // VS Code keeps redrawing under the mouse; an Enter too early re-ran the palette's command).
    const picker = page.locator('.quick-input-widget input[placeholder="Which run should the report show?"]');
    await picker.waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'classifier' }).first().waitFor({ timeout: 15_000 });
    await picker.press('Enter');
    const report = await webviewFor(page, 'report');
    await report.locator('#confusion-section table').waitFor({ timeout: 60_000 });
    await shot('report');
    await expectKeyboardOpensRecord('report', 'Report · ', '.report-header button', 'Space');
  });

  it('shows every step checked', async () => {
    const { page } = workbench;
    await openWalkthrough(page);
    await shot('done');
    const unchecked: string[] = [];
    for (const title of STEPS)
      if ((await step(title).locator('.codicon-getting-started-step-checked').count()) === 0) unchecked.push(title);
    assert.deepEqual(unchecked, []);
  });
});
